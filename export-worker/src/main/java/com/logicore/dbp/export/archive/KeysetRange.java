package com.logicore.dbp.export.archive;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Filters over the archive order (time field, then {@code _id}): everything older than the cutoff, after a keyset
 * position and up to another; and the plain time span a batch covers, which is how its source is re-read before the
 * delete.
 */
public final class KeysetRange {

    private KeysetRange() {}

    /** The keyset position of a document, as stored in the checkpoint ({@code {"t": …, "_id": …}}). */
    public static String keyOf(BsonDocument document, String timeField) {
        return ArchiveCodec.line(new BsonDocument("t", document.get(timeField)).append("_id", document.get("_id")));
    }

    /** Documents whose time field lies in {@code [first, last]}: one range on the time field's index. */
    public static Bson span(String timeField, Instant first, Instant last) {
        return Filters.and(Filters.gte(timeField, Date.from(first)), Filters.lte(timeField, Date.from(last)));
    }

    /** Older than {@code cutoff}, strictly after {@code after} (none: from the start), up to {@code upTo} inclusive. */
    public static Bson filter(String timeField, Instant cutoff, String after, String upTo) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.lt(timeField, Date.from(cutoff)));
        if (after != null) {
            Document key = Document.parse(after);
            all.add(Filters.or(
                    Filters.gt(timeField, key.get("t")),
                    Filters.and(Filters.eq(timeField, key.get("t")), Filters.gt("_id", key.get("_id")))));
        }
        if (upTo != null) {
            Document key = Document.parse(upTo);
            all.add(Filters.or(
                    Filters.lt(timeField, key.get("t")),
                    Filters.and(Filters.eq(timeField, key.get("t")), Filters.lte("_id", key.get("_id")))));
        }
        return all.size() == 1 ? all.get(0) : Filters.and(all);
    }
}
