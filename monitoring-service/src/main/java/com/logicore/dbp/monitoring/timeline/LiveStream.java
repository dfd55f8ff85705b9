package com.logicore.dbp.monitoring.timeline;

import com.logicore.dbp.events.EventJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Fans each newly stored event out to every connected ops client, and resumes a reconnecting one. */
@ApplicationScoped
public class LiveStream {

    /** Events a slow client may fall behind by before it is cut off (it can reconnect with Last-Event-ID). */
    static final int CLIENT_BUFFER = 10_000;

    private final BroadcastProcessor<Streamed> broadcast = BroadcastProcessor.create();
    private final TimelineStore store;

    /** An event with its JSON, serialized once however many clients receive it. */
    public record Streamed(TimelineEvent event, String json) {
        static Streamed of(TimelineEvent event) {
            return new Streamed(event, new String(EventJson.write(event), StandardCharsets.UTF_8));
        }
    }

    public LiveStream(TimelineStore store) {
        this.store = store;
    }

    public void publish(TimelineEvent event) {
        broadcast.onNext(Streamed.of(event));
    }

    public Multi<Streamed> events(EventQuery query) {
        return broadcast.filter(s -> query.matches(s.event())).onOverflow().buffer(CLIENT_BUFFER);
    }

    /**
     * The stored events after {@code afterSeq}, then the live ones. The live subscription starts before the replay
     * so an event stored while the replay runs is held back, not lost; anything the replay already sent is dropped.
     */
    public Multi<Streamed> resume(EventQuery query, long afterSeq) {
        return Multi.createFrom().emitter(emitter -> {
            var gate = new Gate(afterSeq);
            Cancellable live = broadcast
                    .filter(s -> query.matches(s.event()))
                    .subscribe()
                    .with(
                            streamed -> {
                                synchronized (gate) {
                                    if (gate.replaying) {
                                        gate.held.add(streamed);
                                    } else if (streamed.event().seq() > gate.last) {
                                        gate.last = streamed.event().seq();
                                        emitter.emit(streamed);
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
                                    emitter.emit(Streamed.of(event));
                                }
                            },
                            emitter::fail,
                            () -> {
                                synchronized (gate) {
                                    gate.held.sort(
                                            Comparator.comparing(s -> s.event().seq()));
                                    for (Streamed streamed : gate.held) {
                                        if (streamed.event().seq() > gate.last) {
                                            gate.last = streamed.event().seq();
                                            emitter.emit(streamed);
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
        final List<Streamed> held = new ArrayList<>();
        boolean replaying = true;
        long last;

        Gate(long last) {
            this.last = last;
        }
    }
}
