package com.logicore.dbp.requests.slack;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The table {@code slack_notification}: what the bot still has to tell Slack. Rows are claimed with a lease (an
 * instance that dies mid-delivery lets its claim lapse) and a request's rows go out one at a time in queue order, so a
 * requester's thread reads approved → running → succeeded even across retries and instances.
 */
@ApplicationScoped
public class SlackNotificationQueue {

    /** One queued announcement. {@code requestId} is null for health findings. */
    public record Pending(long id, String eventId, UUID requestId, String eventType, byte[] data, int attempts) {}

    private static final String PENDING = "delivered_at IS NULL AND given_up_at IS NULL";

    private final Pool database;

    public SlackNotificationQueue(Pool database) {
        this.database = database;
    }

    /** Queues an event once; a redelivered event (same id) is not queued again. */
    public Uni<Void> enqueue(String eventId, UUID requestId, String eventType, byte[] data) {
        return database.preparedQuery("INSERT INTO slack_notification (event_id, request_id, event_type, event_data)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(eventId, requestId, eventType, Buffer.buffer(data)))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due rows for {@code lease}: per request only its oldest undelivered row, and only
     * rows no live claim holds. Skips a progress line when a newer one of the same request is queued (the line shows the latest).
     */
    public Uni<List<Pending>> claimDue(int limit, Duration lease, String progressType) {
        return database.preparedQuery("UPDATE slack_notification p SET delivered_at = now(), last_error = 'superseded'"
                        + " WHERE p.delivered_at IS NULL AND p.given_up_at IS NULL AND p.event_type = $1"
                        + " AND (p.claimed_until IS NULL OR p.claimed_until < now())"
                        + " AND EXISTS (SELECT 1 FROM slack_notification later WHERE later.request_id = p.request_id"
                        + " AND later.id > p.id AND later.event_type = $1"
                        + " AND later.delivered_at IS NULL AND later.given_up_at IS NULL)")
                .execute(Tuple.of(progressType))
                .flatMap(superseded -> database.preparedQuery(
                                "UPDATE slack_notification SET claimed_until = now() + make_interval(secs => $1)"
                                        + " WHERE id IN (SELECT p.id FROM slack_notification p"
                                        + " WHERE p.delivered_at IS NULL AND p.given_up_at IS NULL"
                                        + " AND p.next_attempt_at <= now()"
                                        + " AND (p.claimed_until IS NULL OR p.claimed_until < now())"
                                        + " AND NOT EXISTS (SELECT 1 FROM slack_notification earlier"
                                        + " WHERE earlier.request_id = p.request_id AND earlier.id < p.id"
                                        + " AND earlier.delivered_at IS NULL AND earlier.given_up_at IS NULL)"
                                        + " ORDER BY p.id LIMIT $2 FOR UPDATE SKIP LOCKED)"
                                        + " RETURNING id, event_id, request_id, event_type, event_data, attempts")
                        .execute(Tuple.of((double) lease.toSeconds(), limit)))
                .map(rows -> {
                    List<Pending> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Pending(
                                row.getLong("id"),
                                row.getString("event_id"),
                                row.getUUID("request_id"),
                                row.getString("event_type"),
                                row.getBuffer("event_data").getBytes(),
                                row.getInteger("attempts")));
                    }
                    claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return claimed;
                });
    }

    public Uni<Void> delivered(long id) {
        return database.preparedQuery(
                        "UPDATE slack_notification SET delivered_at = now(), claimed_until = NULL, attempts = attempts + 1"
                                + " WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt, tried again after {@code retryIn}; a row queued longer ago than {@code giveUpAfter} is
     * given up instead. Answers whether it was given up.
     */
    public Uni<Boolean> failed(long id, String error, Duration retryIn, Duration giveUpAfter) {
        return database.preparedQuery("UPDATE slack_notification SET attempts = attempts + 1, claimed_until = NULL,"
                        + " last_error = $2, next_attempt_at = now() + make_interval(secs => $3),"
                        + " given_up_at = CASE WHEN queued_at <= now() - make_interval(secs => $4) THEN now() END"
                        + " WHERE id = $1 RETURNING given_up_at IS NOT NULL AS given_up")
                .execute(Tuple.of(id, error, retryIn.toMillis() / 1000.0, (double) giveUpAfter.toSeconds()))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean("given_up"));
    }

    /** Rows still to deliver, and the age of the oldest in seconds (0 when none): for the metrics. */
    public Uni<long[]> backlog() {
        return database.preparedQuery("SELECT count(*), coalesce(extract(epoch FROM now() - min(queued_at)), 0)"
                        + " FROM slack_notification WHERE " + PENDING)
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[] {row.getLong(0), row.getNumeric(1).longValue()};
                });
    }

    /** Delivered and abandoned rows are history once Kafka can no longer redeliver their events. */
    public Uni<Integer> forgetOlderThan(Duration age) {
        return database.preparedQuery("DELETE FROM slack_notification WHERE NOT (" + PENDING + ")"
                        + " AND queued_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
