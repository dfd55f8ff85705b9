package com.logicore.dbp.deploy;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;

/**
 * Seeds the demo collection {@code tracking.driver_locations}: GPS fixes of LogiCore's drivers around its depots,
 * spread over the last 180 days, the way the tracking app writes them. Does nothing when the collection already has
 * documents, so a second {@code up} keeps what the first one (or a user) stored.
 *
 * <p>Usage: {@code DriverLocationSeeder <mongo-uri> <documents>}
 */
public final class DriverLocationSeeder {

    /** Depots: name, latitude, longitude. */
    private static final Object[][] DEPOTS = {
        {"BER", 52.5200, 13.4050},
        {"HAM", 53.5511, 9.9937},
        {"MUC", 48.1351, 11.5820},
        {"CGN", 50.9375, 6.9603},
        {"FRA", 50.1109, 8.6821}
    };

    private static final int DRIVERS = 300;
    private static final int BATCH = 2_000;

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DriverLocationSeeder <mongo-uri> <documents>");
            System.exit(2);
        }
        long wanted = Long.parseLong(args[1]);
        try (var client = MongoClients.create(args[0])) {
            MongoCollection<Document> locations = client.getDatabase("tracking").getCollection("driver_locations");
            long existing = locations.countDocuments();
            if (existing > 0) {
                System.out.println("seed: tracking.driver_locations already has " + existing + " documents, kept");
                return;
            }
            locations.createIndex(Indexes.ascending("recordedAt"), new IndexOptions().name("recordedAt_1"));
            locations.createIndex(
                    Indexes.ascending("driverId", "recordedAt"), new IndexOptions().name("driverId_1_recordedAt_1"));
            insert(locations, wanted);
            System.out.println("seed: inserted " + wanted + " documents into tracking.driver_locations");
        }
    }

    private static void insert(MongoCollection<Document> locations, long wanted) {
        Random random = new Random(42);
        Instant now = Instant.now();
        long spanSeconds = Duration.ofDays(180).toSeconds();
        List<Document> batch = new ArrayList<>(BATCH);
        for (long i = 0; i < wanted; i++) {
            int driver = random.nextInt(DRIVERS) + 1;
            Object[] depot = DEPOTS[driver % DEPOTS.length];
            // Within ~25 km of the driver's depot.
            double lat = (double) depot[1] + (random.nextGaussian() * 0.08);
            double lon = (double) depot[2] + (random.nextGaussian() * 0.12);
            Instant recordedAt = now.minusSeconds((long) (random.nextDouble() * spanSeconds));
            batch.add(new Document("driverId", String.format("drv-%04d", driver))
                    .append("vehicleId", String.format("veh-%04d", (driver % 200) + 1))
                    .append("depot", depot[0])
                    .append("recordedAt", Date.from(recordedAt))
                    .append(
                            "location",
                            new Document("type", "Point").append("coordinates", List.of(round(lon), round(lat))))
                    .append("speedKmh", Math.max(0, Math.round(random.nextGaussian() * 15 + 32)))
                    .append("headingDeg", random.nextInt(360))
                    .append("accuracyM", 3 + random.nextInt(20))
                    .append("batteryPct", 20 + random.nextInt(81)));
            if (batch.size() == BATCH) {
                locations.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            locations.insertMany(batch);
        }
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1_000_000d) / 1_000_000d;
    }

    private DriverLocationSeeder() {}
}
