import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.RequestSubmitted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * SSE fan-out of monitoring-service: N clients on /api/v1/stream; job status events published to dbp.job-status.
 * Phase 1 (throughput): a burst of events as fast as the producer goes; figure = events delivered to all clients per
 * second. Phase 2 (latency): a steady rate; figure = time from the event's creation (CloudEvent time, set just before
 * the Kafka send) to a client parsing it, i.e. what Kafka + consume + Mongo store + fan-out add. Run with
 * bench/sse-fanout.sh.
 */
public class SseFanout {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        String bootstrap = args[2];
        int clients = Integer.parseInt(args.length > 3 ? args[3] : "50");
        int burst = Integer.parseInt(args.length > 4 ? args[4] : "2000");
        int rate = Integer.parseInt(args.length > 5 ? args[5] : "50");
        int seconds = Integer.parseInt(args.length > 6 ? args[6] : "20");
        String team = "bench" + UUID.randomUUID().toString().substring(0, 6);
        String requestId = UUID.randomUUID().toString();

        LongAdder delivered = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        boolean[] measuring = {false};
        List<CompletableFuture<?>> connections = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long[][] perClient = new long[clients][];
        for (int c = 0; c < clients; c++) {
            long[] samples = new long[rate * seconds + 1000];
            int[] n = {0};
            perClient[c] = samples;
            var request = HttpRequest.newBuilder(URI.create(url + "/api/v1/stream?team=" + team))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build();
            connections.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(line -> {
                        if (!line.startsWith("data:")) {
                            return;
                        }
                        long now = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
                        delivered.increment();
                        lastDelivery.set(System.nanoTime());
                        if (measuring[0]) {
                            int t = line.indexOf("\"time\":\"");
                            if (t > 0 && n[0] < samples.length) {
                                Instant sent = Instant.parse(line.substring(t + 8, line.indexOf('"', t + 8)));
                                long sentMicros = sent.getEpochSecond() * 1_000_000 + sent.getNano() / 1000;
                                samples[n[0]++] = Instant.now().getEpochSecond() * 1_000_000
                                        + Instant.now().getNano() / 1000 - sentMicros;
                            }
                        }
                    })));
        }
        Thread.sleep(2000);

        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "dbp.requests", requestId, EventType.REQUEST_SUBMITTED, new RequestSubmitted(requestId,
                    RequestType.DATA_EXPORT, team, "bench", "logicore", "deliveries",
                    EventJson.mapper().createObjectNode(), Instant.now())).get();
            awaitDelivered(delivered, clients, Duration.ofSeconds(30));
            System.out.printf("clients connected and receiving: %d%n", clients);

            // Phase 1: burst
            delivered.reset();
            long start = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                send(producer, "dbp.job-status", requestId, EventType.JOB_PROGRESS,
                        new JobProgress(requestId, i % 100, (long) i, 10L, "bench"));
            }
            producer.flush();
            long produced = System.nanoTime();
            boolean all = awaitDelivered(delivered, (long) burst * clients, Duration.ofSeconds(180));
            double elapsed = (lastDelivery.get() - start) / 1e9;
            System.out.printf("burst: %d events produced in %.2f s; %d of %d deliveries to %d clients in %.2f s%s%n",
                    burst, (produced - start) / 1e9, delivered.sum(), (long) burst * clients, clients, elapsed,
                    all ? "" : " (INCOMPLETE)");
            System.out.printf("burst: %.0f events/s into the stream, %.0f deliveries/s across %d clients%n",
                    burst / elapsed, delivered.sum() / elapsed, clients);

            // Phase 2: steady rate, latency
            Thread.sleep(1000);
            delivered.reset();
            measuring[0] = true;
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            int steady = rate * seconds;
            for (int i = 0; i < steady; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                send(producer, "dbp.job-status", requestId, EventType.JOB_PROGRESS,
                        new JobProgress(requestId, i % 100, (long) i, 10L, "bench"));
                next += interval;
            }
            producer.flush();
            awaitDelivered(delivered, (long) steady * clients, Duration.ofSeconds(60));
            measuring[0] = false;
            long[] all2 = Arrays.stream(perClient).flatMapToLong(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
            System.out.printf("steady %d events/s for %d s to %d clients: %d deliveries; latency event→client"
                            + " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    rate, seconds, clients, all2.length, pct(all2, .5), pct(all2, .95), pct(all2, .99),
                    all2.length == 0 ? 0 : all2[all2.length - 1] / 1000.0);
        } finally {
            connections.forEach(c -> c.cancel(true));
        }
        System.exit(0);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private static boolean awaitDelivered(LongAdder delivered, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return delivered.sum() >= expected;
    }

    private static java.util.concurrent.Future<?> send(KafkaProducer<String, byte[]> producer, String topic, String key,
            EventType type, Object payload) {
        var envelope = EventEnvelope.create("/dbp/bench", type, key, EventJson.write(payload));
        var record = new ProducerRecord<>(topic, key, envelope.data());
        envelope.writeTo(record.headers());
        return producer.send(record);
    }
}
