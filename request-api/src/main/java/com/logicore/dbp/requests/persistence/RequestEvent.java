package com.logicore.dbp.requests.persistence;

import com.logicore.dbp.requests.lifecycle.RequestState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One line of a request's timeline: a transition (applied, ignored or deferred) or a note. */
@Entity
@Table(name = "request_event")
public class RequestEvent extends PanacheEntityBase {

    /** What the line records. */
    public enum Kind {
        APPLIED,
        IGNORED,
        DEFERRED,
        NOTE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public RequestState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public RequestState toState;

    @Column(nullable = false)
    public String actor;

    public String reason;

    /** Policy findings as JSON, when the line carries them. */
    public String findings;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    @Column(nullable = false)
    public OffsetDateTime at;

    public static Uni<List<RequestEvent>> timelineOf(UUID requestId) {
        return list("requestId = ?1 order by id", requestId);
    }
}
