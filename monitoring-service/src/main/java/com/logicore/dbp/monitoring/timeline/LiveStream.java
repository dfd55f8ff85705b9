package com.logicore.dbp.monitoring.timeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/** Fans each newly stored event out to every connected ops client. */
@ApplicationScoped
public class LiveStream {

    private final BroadcastProcessor<TimelineEvent> broadcast = BroadcastProcessor.create();

    public void publish(TimelineEvent event) {
        broadcast.onNext(event);
    }

    public Multi<TimelineEvent> events(String team, String type, String requestId) {
        return broadcast.filter(event -> event.matches(team, type, requestId));
    }
}
