package com.logicore.dbp.export.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * One archived document per line as MongoDB Extended JSON (canonical), which round-trips every BSON type (ObjectId,
 * dates, 64-bit integers, decimals), and the content hash used to compare an archive with its source: SHA-256 over
 * the documents' canonical lines in archive order.
 */
public final class ArchiveCodec {

    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private ArchiveCodec() {}

    public static String line(Document document) {
        return document.toJson(CANONICAL);
    }

    /** The same line from BSON as read (a {@code RawBsonDocument} is written to JSON without decoding it first). */
    public static String line(BsonDocument document) {
        return document.toJson(CANONICAL);
    }

    public static Document parse(String line) {
        return Document.parse(line);
    }

    /** Hash of documents in the given order; a re-read document hashes the same as the original. */
    public static String contentHash(List<Document> documents) {
        return digest(documents.stream().map(ArchiveCodec::line).toList()).sha256();
    }

    /** Count and hash of canonical lines, in order: what a batch, its files and its source range are compared by. */
    public static Digest digest(List<String> lines) {
        MessageDigest digest = sha256();
        for (String line : lines) {
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return new Digest(lines.size(), HexFormat.of().formatHex(digest.digest()));
    }

    /** How many documents and the SHA-256 of their canonical lines. */
    public record Digest(int documents, String sha256) {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
