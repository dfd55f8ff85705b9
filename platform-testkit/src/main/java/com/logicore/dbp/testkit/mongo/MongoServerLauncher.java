package com.logicore.dbp.testkit.mongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link MongoWireServer} on an H2 file as its own process for {@code deploy/local}; flushes and closes the file
 * on SIGTERM.
 *
 * <p>Usage: {@code MongoServerLauncher <data-file> <port>}
 */
public final class MongoServerLauncher {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MongoServerLauncher <data-file> <port>");
            System.exit(2);
        }
        var server = MongoWireServer.onFile(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("mongo: shutting down");
                            server.close();
                            stopped.countDown();
                        },
                        "mongo-shutdown"));
        server.start();
        System.out.println("mongo: ready on " + server.connectionString());
        stopped.await();
    }

    private MongoServerLauncher() {}
}
