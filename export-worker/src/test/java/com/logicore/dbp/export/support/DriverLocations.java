package com.logicore.dbp.export.support;

import com.logicore.dbp.export.archive.ArchiveCodec;
import com.mongodb.client.MongoCollection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Driver-location fixtures for the archive tests, and what an archive run left on disk. */
public final class DriverLocations {

    private DriverLocations() {}

    /**
     * Inserts GPS fixes of 40 drivers over the last 90 days, the way the tracking app writes them; returns them by
     * {@code _id} as canonical lines (content compared exactly).
     */
    public static Map<Object, String> seed(MongoCollection<Document> locations, int count, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int driver = 1 + random.nextInt(40);
            documents.add(new Document("_id", new ObjectId())
                    .append("driverId", String.format("drv-%04d", driver))
                    .append("recordedAt", Date.from(now.minusSeconds(random.nextInt(90 * 86_400))))
                    .append(
                            "location",
                            new Document("type", "Point")
                                    .append(
                                            "coordinates",
                                            List.of(
                                                    13.405 + random.nextGaussian() * 0.1,
                                                    52.52 + random.nextGaussian() * 0.08)))
                    .append("speedKmh", (long) random.nextInt(90))
                    .append("batteryPct", 20 + random.nextInt(81)));
        }
        locations.insertMany(documents);
        return byId(documents);
    }

    public static Map<Object, String> byId(List<Document> documents) {
        Map<Object, String> byId = new HashMap<>();
        documents.forEach(d -> byId.put(d.get("_id"), ArchiveCodec.line(d)));
        return byId;
    }

    /** Every document in the archive files one request wrote under {@code collectionDirectory}. */
    public static List<Document> readArchive(Path collectionDirectory, String requestId) throws Exception {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(collectionDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(requestId))
                    .toList()) {
                try (var reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(line -> documents.add(Document.parse(line)));
                }
            }
        }
        return documents;
    }
}
