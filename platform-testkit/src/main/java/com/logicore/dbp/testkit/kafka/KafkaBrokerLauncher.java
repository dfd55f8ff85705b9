package com.logicore.dbp.testkit.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafkaBroker} as its own process for {@code deploy/local}, creates the platform topics, and
 * shuts the broker down cleanly on SIGTERM.
 *
 * <p>Usage: {@code KafkaBrokerLauncher <data-dir> <port> <controller-port>}
 */
public final class KafkaBrokerLauncher {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerLauncher <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        var broker = new EmbeddedKafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("kafka: shutting down");
                            broker.close();
                            stopped.countDown();
                        },
                        "kafka-shutdown"));
        broker.start();
        var created = PlatformTopics.createMissing(broker.bootstrapServers(), (short) 1);
        System.out.println("kafka: ready on " + broker.bootstrapServers() + ", created topics " + created);
        stopped.await();
    }

    private KafkaBrokerLauncher() {}
}
