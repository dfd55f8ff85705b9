import com.logicore.dbp.testkit.mongo.MongoWireServer;

/** The Mongo wire server with the in-memory backend (the tests' one) for bench runs: MongoInMemory <port>. */
public class MongoInMemory {
    public static void main(String[] args) throws Exception {
        var server = MongoWireServer.inMemory(Integer.parseInt(args[0])).start();
        System.out.println("mongo: in-memory wire server on " + server.connectionString());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
