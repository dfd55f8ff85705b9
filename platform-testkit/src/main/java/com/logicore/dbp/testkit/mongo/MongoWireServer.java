package com.logicore.dbp.testkit.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB wire-protocol server (mongo-java-server) with the oplog enabled so change streams work. In memory for
 * tests; backed by an H2 file for {@code deploy/local} so data survives a restart.
 *
 * <p>Everything talks to it through the real MongoDB driver, so a real {@code mongod} ({@code MONGODB_URI}) can take
 * its place unchanged.
 */
public final class MongoWireServer implements AutoCloseable {

    private final MongoBackend backend;
    private final MongoServer server;
    private final int port;

    private MongoWireServer(MongoBackend backend, int port) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        this.port = port;
        server.enableOplog();
    }

    public static MongoWireServer inMemory(int port) {
        return new MongoWireServer(new MemoryBackend(), port);
    }

    public static MongoWireServer onFile(Path file, int port) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new MongoWireServer(new H2Backend(file.toAbsolutePath().toString()), port);
    }

    public MongoWireServer start() {
        server.bind("127.0.0.1", port);
        return this;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        if (backend instanceof H2Backend h2) {
            h2.close();
        }
    }
}
