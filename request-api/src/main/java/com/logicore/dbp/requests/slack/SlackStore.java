package com.logicore.dbp.requests.slack;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Once-only marker of a Slack request signature seen, safe across instances. */
final class SlackStore {

    private SlackStore() {}

    /** True the first time this signature is seen; older markers (past the replay window) are dropped. */
    static Uni<Boolean> firstSighting(String signature) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "delete from slack_seen_request where seen_at < now() - interval '15 minutes'")
                        .executeUpdate()
                        .flatMap(dropped -> session.createNativeQuery(
                                        "insert into slack_seen_request (signature) values (?1) on conflict do nothing")
                                .setParameter(1, signature)
                                .executeUpdate())))
                .map(inserted -> inserted == 1);
    }
}
