package com.logicore.dbp.export.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.logicore.dbp.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Archive checkpoints in the worker's own database: the run's fixed cutoff and one row per batch. */
@ApplicationScoped
public class ArchiveCheckpoints {

    /** Where a batch stands; only a VERIFIED batch may have its documents deleted. */
    public enum State {
        VERIFIED,
        DELETED,
        KEPT
    }

    /** One batch: its files, exactly its document ids, and the keyset position after it. */
    public record Batch(
            UUID requestId,
            int batchNo,
            State state,
            int documents,
            long bytes,
            String contentHash,
            List<String> files,
            List<String> ids,
            String lastKey,
            Instant firstTime,
            Instant lastTime) {}

    private final DataSource dataSource;

    public ArchiveCheckpoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The cutoff fixed at the run's first start (a resumed run archives the same range). */
    public Instant cutoff(UUID requestId, String collection, String timeField, Instant proposed) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (var insert = c.prepareStatement("INSERT INTO archive_run (request_id, collection, time_field, cutoff)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING")) {
                insert.setObject(1, requestId);
                insert.setString(2, collection);
                insert.setString(3, timeField);
                insert.setTimestamp(4, Timestamp.from(proposed));
                insert.executeUpdate();
            }
            try (var select = c.prepareStatement("SELECT cutoff FROM archive_run WHERE request_id = ?")) {
                select.setObject(1, requestId);
                var rs = select.executeQuery();
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    public List<Batch> batches(UUID requestId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var q = c.prepareStatement("SELECT batch_no, state, documents, bytes, content_hash, files::text,"
                        + " ids::text, last_key, first_time, last_time FROM archive_batch WHERE request_id = ?"
                        + " ORDER BY batch_no")) {
            q.setObject(1, requestId);
            var rs = q.executeQuery();
            List<Batch> batches = new ArrayList<>();
            while (rs.next()) {
                batches.add(new Batch(
                        requestId,
                        rs.getInt(1),
                        State.valueOf(rs.getString(2)),
                        rs.getInt(3),
                        rs.getLong(4),
                        rs.getString(5),
                        strings(rs.getString(6)),
                        strings(rs.getString(7)),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()));
            }
            return batches;
        }
    }

    public Optional<Batch> last(UUID requestId) throws SQLException {
        List<Batch> all = batches(requestId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Records a batch whose files are written, synced and verified against the source. */
    public void verified(Batch batch) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var insert = c.prepareStatement("INSERT INTO archive_batch (request_id, batch_no, state, documents,"
                        + " bytes, content_hash, files, ids, last_key, first_time, last_time, updated_at)"
                        + " VALUES (?, ?, 'VERIFIED', ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, now())")) {
            insert.setObject(1, batch.requestId());
            insert.setInt(2, batch.batchNo());
            insert.setInt(3, batch.documents());
            insert.setLong(4, batch.bytes());
            insert.setString(5, batch.contentHash());
            insert.setString(6, json(batch.files()));
            insert.setString(7, json(batch.ids()));
            insert.setString(8, batch.lastKey());
            insert.setTimestamp(9, Timestamp.from(batch.firstTime()));
            insert.setTimestamp(10, Timestamp.from(batch.lastTime()));
            insert.executeUpdate();
        }
    }

    public void finished(UUID requestId, int batchNo, State state) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var update = c.prepareStatement("UPDATE archive_batch SET state = ?, updated_at = now()"
                        + " WHERE request_id = ? AND batch_no = ? AND state = 'VERIFIED'")) {
            update.setString(1, state.name());
            update.setObject(2, requestId);
            update.setInt(3, batchNo);
            update.executeUpdate();
        }
    }

    private static String json(List<String> values) {
        try {
            return EventJson.mapper().writeValueAsString(values);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return EventJson.mapper().readValue(json, new TypeReference<List<String>>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
