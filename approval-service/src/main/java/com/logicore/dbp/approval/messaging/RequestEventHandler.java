package com.logicore.dbp.approval.messaging;

import com.logicore.dbp.approval.service.DecisionService;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.RequestCancelled;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.events.payload.SchemaOwnershipChanged;
import com.logicore.dbp.runtime.messaging.IncomingEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code dbp.requests} (submissions, cancellations, human decisions) and {@code dbp.ownership}. */
@ApplicationScoped
public class RequestEventHandler {

    private final DecisionService decisions;

    public RequestEventHandler(DecisionService decisions) {
        this.decisions = decisions;
    }

    @Incoming("requests-in")
    public Uni<Void> onRequestEvent(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(record, event -> route(event, record.topic()));
    }

    @Incoming("ownership-in")
    public Uni<Void> onOwnershipEvent(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(record, event -> {
            var changed = EventJson.read(event.data(), SchemaOwnershipChanged.class);
            return decisions.onOwnershipChanged(changed.database(), changed.schema(), changed.team());
        });
    }

    private Uni<Void> route(EventEnvelope event, String topic) {
        EventType type = EventType.fromCeType(event.type())
                .orElseThrow(() -> new InvalidEventException("unknown CloudEvents type " + event.type()));
        return switch (type) {
            case REQUEST_SUBMITTED -> decisions.onSubmitted(
                    event.id(), topic, EventJson.read(event.data(), RequestSubmitted.class));
            case APPROVAL_RECORDED -> decisions.onApprovalRecorded(
                    event.id(), topic, EventJson.read(event.data(), ApprovalRecorded.class));
            case REQUEST_CANCELLED -> decisions.onCancelled(
                    event.id(), topic, EventJson.read(event.data(), RequestCancelled.class));
            default -> throw new InvalidEventException(event.type() + " does not belong on " + topic);
        };
    }
}
