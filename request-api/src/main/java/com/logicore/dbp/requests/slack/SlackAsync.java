package com.logicore.dbp.requests.slack;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Work that continues after Slack got its acknowledgement (Slack wants an answer within 3 s): runs on a fresh
 * duplicated Vert.x context, so it has its own database session, and only logs what fails.
 */
@ApplicationScoped
public class SlackAsync {

    private final Vertx vertx;

    public SlackAsync(Vertx vertx) {
        this.vertx = vertx;
    }

    public void detach(String what, Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            Uni.createFrom()
                    .deferred(work::get)
                    .subscribe()
                    .with(done -> {}, failure -> Log.warnf(failure, "slack work failed what=%s", what));
        });
    }
}
