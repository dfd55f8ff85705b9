package com.logicore.dbp.requests.slack;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The requester's thread about a request (in their DM with the bot) and its progress line. */
@Entity
@Table(name = "slack_thread")
public class SlackThread extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(nullable = false)
    public String channel;

    @Column(name = "thread_ts", nullable = false)
    public String threadTs;

    @Column(name = "progress_ts")
    public String progressTs;
}
