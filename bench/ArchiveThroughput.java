import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFiles;
import com.logicore.dbp.export.archive.ArchiveHaltPoints;
import com.logicore.dbp.export.archive.ArchiveOptions;
import com.logicore.dbp.export.archive.Archiver;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.testkit.mongo.MongoWireServer;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Archive throughput, side by side on the same documents in one run: a plain read-and-write through the driver (one
 * find of everything older than the cutoff sorted by time and _id, each document written as a canonical Extended JSON
 * line to one gzip file; no fsync, no verification, nothing deleted) against export-worker's Archiver (the same copy
 * into day files, plus fsync, read-back verification of the files and of the source range, a PostgreSQL checkpoint
 * per batch, and the delete by exact ids). Both run on identical collections (same seed), after a full-size warm-up
 * round, in the order given ({@code plain-first} or {@code archive-first}); bench/archive-throughput.sh runs several
 * JVMs in alternating order and reports the median.
 * MongoDB is the embedded wire server unless MONGODB_URI is set. Run with bench/archive-throughput.sh.
 */
public class ArchiveThroughput {

    public static void main(String[] args) throws Exception {
        String checkpointUrl = args[0];
        int documents = Integer.parseInt(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        boolean plainFirst = !"archive-first".equals(args.length > 3 ? args[3] : "plain-first");
        // Nothing configures logging in this plain JVM, so JBoss LogManager (the slf4j backend on export-worker's
        // classpath) would leave DEBUG on: the in-process wire server then renders every wire message and oplog entry
        // as JSON for a log line nobody sees, which a real mongod (or the wire server in deploy/local, at WARN) never
        // does. INFO, as in the services.
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        String uri = System.getenv("MONGODB_URI");
        Path dir = Files.createTempDirectory("archive-bench-");
        try {
            Instant cutoff = Instant.now().minus(Duration.ofDays(30));
            var source = new PGSimpleDataSource();
            source.setURL(checkpointUrl);
            source.setUser("postgres");
            var checkpoints = new ArchiveCheckpoints(source);

            // Round 0 is a full-size warm-up (JIT, connections, the server's sort path) and is not counted; round 1
            // is measured. One measured round per JVM: the in-process wire server's oplog, which a real mongod caps,
            // and what closed servers leave on the heap make later rounds in the same JVM slower, so the script runs
            // a fresh JVM per round instead.
            round(uri, dir.resolve("warm-up"), checkpoints, cutoff, documents, batchSize, plainFirst);
            Round measured = round(uri, dir.resolve("measured"), checkpoints, cutoff, documents, batchSize, plainFirst);
            double plain = measured.documents() / measured.plainSeconds();
            double archive = measured.documents() / measured.archiveSeconds();
            System.out.printf(
                    "documents: %,d, older than 30 days (archived): %,d, batch %,d, %s first%n",
                    documents, measured.documents(), batchSize, plainFirst ? "plain" : "archive");
            System.out.printf(
                    "plain read + write (driver)   : %,10.0f docs/s (%.2f s)%n", plain, measured.plainSeconds());
            System.out.printf(
                    "archive copy+verify+delete    : %,10.0f docs/s (%.2f s)%n", archive, measured.archiveSeconds());
            System.out.printf("ratio archive / plain         : %.2fx%n", archive / plain);
            double rawPlain = measured.documents() / measured.rawPlainSeconds();
            System.out.printf(
                    "reference: plain with raw BSON: %,10.0f docs/s (%.2f s), archive / it %.2fx%n",
                    rawPlain, measured.rawPlainSeconds(), archive / rawPlain);
        } finally {
            delete(dir);
        }
    }

    private record Round(long documents, double plainSeconds, double rawPlainSeconds, double archiveSeconds) {}

    /**
     * Seeds the same documents (same seed) into two collections of a fresh wire server (or of MONGODB_URI's server)
     * and times the plain copy of one and the archive of the other, in the given order.
     */
    private static Round round(
            String uri,
            Path dir,
            ArchiveCheckpoints checkpoints,
            Instant cutoff,
            int documents,
            int batchSize,
            boolean plainFirst)
            throws Exception {
        MongoWireServer server = uri == null || uri.isBlank() ? MongoWireServer.inMemory(freePort()).start() : null;
        try (var client = MongoClients.create(server != null ? server.connectionString() : uri)) {
            var database = client.getDatabase("bench_" + Long.toHexString(System.nanoTime()));
            MongoCollection<Document> plainSource = database.getCollection("driver_locations_plain");
            MongoCollection<Document> locations = database.getCollection("driver_locations");
            seed(plainSource, documents);
            seed(locations, documents);
            long older = locations.countDocuments(olderThan(cutoff));
            Files.createDirectories(dir);
            var archiver = archiver(locations, dir.resolve("archive"), checkpoints, batchSize);
            Work plainWork = () -> plainCopy(plainSource, cutoff, dir.resolve("plain.jsonl.gz"));
            Work archiveWork = () -> archiver.run(UUID.randomUUID(), options(), cutoff, n -> {});
            // Reference only: the same plain copy reading raw BSON, as the archive does (no Document objects).
            Work rawPlainWork = () -> plainCopy(
                    plainSource.withDocumentClass(RawBsonDocument.class), cutoff, dir.resolve("plain-raw.jsonl.gz"));
            double plainSeconds;
            double rawPlainSeconds;
            double archiveSeconds;
            if (plainFirst) {
                plainSeconds = seconds(plainWork);
                rawPlainSeconds = seconds(rawPlainWork);
                archiveSeconds = seconds(archiveWork);
            } else {
                archiveSeconds = seconds(archiveWork);
                plainSeconds = seconds(plainWork);
                rawPlainSeconds = seconds(rawPlainWork);
            }
            long left = locations.countDocuments(olderThan(cutoff));
            if (left != 0) {
                throw new IllegalStateException(left + " old documents left after the archive");
            }
            database.drop();
            return new Round(older, plainSeconds, rawPlainSeconds, archiveSeconds);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Document olderThan(Instant cutoff) {
        return new Document("recordedAt", new Document("$lt", Date.from(cutoff)));
    }

    private static void delete(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ArchiveOptions options() {
        return new ArchiveOptions("driver_locations", "recordedAt", 30, false, false, 0, null);
    }

    private static Archiver archiver(
            MongoCollection<Document> collection, Path dir, ArchiveCheckpoints checkpoints, int batchSize)
            throws Exception {
        var files = new ArchiveFiles(dir, Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-partial")));
        return new Archiver(collection, files, checkpoints, ArchiveHaltPoints.disarmed(), batchSize);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        // The wire server shares this JVM: collect the garbage of seeding and of the other path first, so neither
        // path is timed through the other's collection pauses.
        System.gc();
        Thread.sleep(500);
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static <D> void plainCopy(MongoCollection<D> locations, Instant cutoff, Path file) throws Exception {
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8)) {
            for (D d : locations.find(olderThan(cutoff))
                    .sort(new Document("recordedAt", 1).append("_id", 1))) {
                out.write(d instanceof RawBsonDocument raw ? ArchiveCodec.line(raw) : ArchiveCodec.line((Document) d));
                out.write('\n');
            }
        }
    }

    /** Driver GPS fixes over 180 days, like deploy/local's DriverLocationSeeder. */
    private static void seed(MongoCollection<Document> locations, int documents) {
        Random random = new Random(42);
        Instant now = Instant.now();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            int driver = random.nextInt(300) + 1;
            batch.add(new Document("driverId", String.format("drv-%04d", driver))
                    .append("vehicleId", String.format("veh-%04d", driver % 200 + 1))
                    .append("recordedAt", Date.from(now.minusSeconds((long) (random.nextDouble() * 180 * 86_400))))
                    .append("location", new Document("type", "Point")
                            .append("coordinates", List.of(13.4 + random.nextGaussian() * 0.12, 52.5 + random.nextGaussian() * 0.08)))
                    .append("speedKmh", Math.max(0, Math.round(random.nextGaussian() * 15 + 32)))
                    .append("headingDeg", random.nextInt(360))
                    .append("batteryPct", 20 + random.nextInt(81)));
            if (batch.size() == 2_000) {
                locations.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            locations.insertMany(batch);
        }
        locations.createIndex(new Document("recordedAt", 1));
    }
}
