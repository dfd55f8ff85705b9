package com.logicore.dbp.monitoring.timeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Fans each newly stored event out to every connected ops client, and resumes a reconnecting one. */
@ApplicationScoped
public class LiveStream {

    private final BroadcastProcessor<TimelineEvent> broadcast = BroadcastProcessor.create();
    private final TimelineStore store;

    public LiveStream(TimelineStore store) {
        this.store = store;
    }

    public void publish(TimelineEvent event) {
        broadcast.onNext(event);
    }

    public Multi<TimelineEvent> events(EventQuery query) {
        return broadcast.filter(query::matches);
    }

    /**
     * The stored events after {@code afterSeq}, then the live ones. The live subscription starts before the replay
     * so an event stored while the replay runs is held back, not lost; anything the replay already sent is dropped.
     */
    public Multi<TimelineEvent> resume(EventQuery query, long afterSeq) {
        return Multi.createFrom().emitter(emitter -> {
            var gate = new Gate(afterSeq);
            Cancellable live = broadcast
                    .filter(query::matches)
                    .subscribe()
                    .with(
                            event -> {
                                synchronized (gate) {
                                    if (gate.replaying) {
                                        gate.held.add(event);
                                    } else if (event.seq() > gate.last) {
                                        gate.last = event.seq();
                                        emitter.emit(event);
                                    }
                                }
                            },
                            emitter::fail);
            Cancellable replay = store.after(query, afterSeq)
                    .subscribe()
                    .with(
                            event -> {
                                synchronized (gate) {
                                    gate.last = Math.max(gate.last, event.seq());
                                    emitter.emit(event);
                                }
                            },
                            emitter::fail,
                            () -> {
                                synchronized (gate) {
                                    gate.held.sort(Comparator.comparing(TimelineEvent::seq));
                                    for (TimelineEvent event : gate.held) {
                                        if (event.seq() > gate.last) {
                                            gate.last = event.seq();
                                            emitter.emit(event);
                                        }
                                    }
                                    gate.held.clear();
                                    gate.replaying = false;
                                }
                            });
            emitter.onTermination(() -> {
                live.cancel();
                replay.cancel();
            });
        });
    }

    private static final class Gate {
        final List<TimelineEvent> held = new ArrayList<>();
        boolean replaying = true;
        long last;

        Gate(long last) {
            this.last = last;
        }
    }
}
