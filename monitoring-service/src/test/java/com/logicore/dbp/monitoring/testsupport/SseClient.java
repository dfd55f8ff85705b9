package com.logicore.dbp.monitoring.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Server-Sent Events reader over java.net.http: collects each event's id and JSON data. */
public final class SseClient implements AutoCloseable {

    /** One received event. */
    public record Received(String id, JsonNode data) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<?> connection;

    public SseClient(String url, String token, String lastEventId) {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        String[] id = {null};
        connection = HttpClient.newHttpClient()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(line -> {
                    if (line.startsWith("id:")) {
                        id[0] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        received.add(new Received(
                                id[0],
                                EventJson.read(
                                        line.substring(5).trim().getBytes(StandardCharsets.UTF_8), JsonNode.class)));
                    }
                }));
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        connection.cancel(true);
    }
}
