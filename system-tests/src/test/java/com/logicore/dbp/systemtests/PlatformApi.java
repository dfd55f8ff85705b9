package com.logicore.dbp.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** The platform's public HTTP API as a team, a DBA or ops would call it. */
final class PlatformApi {

    /** An HTTP answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String requestApi;
    private final String monitoring;

    PlatformApi(LocalPlatform platform) {
        this.requestApi = "http://127.0.0.1:" + platform.servicePort("request-api");
        this.monitoring = "http://127.0.0.1:" + platform.servicePort("monitoring-service");
    }

    Answer post(String token, String path, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(requestApi + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json))
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    Answer get(String token, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(requestApi + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** The CloudEvents types monitoring stored for a request, oldest first. */
    List<String> monitoringTimeline(String opsToken, String requestId) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(monitoring + "/api/v1/timeline?requestId=" + requestId))
                .header("Authorization", "Bearer " + opsToken)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        JsonNode events =
                answer(http.send(request, HttpResponse.BodyHandlers.ofString())).body();
        List<String> types = new java.util.ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /** Stored events from monitoring's events API (ops token), oldest first; {@code query} as in the API. */
    JsonNode monitoringEvents(String opsToken, String query) throws IOException, InterruptedException {
        return monitoringGet(opsToken, "/api/v1/events?" + query).path("items");
    }

    /** Monitoring's current health findings (ops token); {@code query} as in the API. */
    JsonNode monitoringFindings(String opsToken, String query) throws IOException, InterruptedException {
        return monitoringGet(opsToken, "/api/v1/health-findings?" + query);
    }

    private JsonNode monitoringGet(String opsToken, String pathAndQuery) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(monitoring + pathAndQuery))
                .header("Authorization", "Bearer " + opsToken)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString())).body();
    }

    /** Opens the ops SSE stream; every event's JSON lands in the returned list as it arrives. */
    LiveEvents stream(String opsToken, String query) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        var request = HttpRequest.newBuilder(
                        URI.create(monitoring + "/api/v1/stream" + (query == null ? "" : "?" + query)))
                .header("Authorization", "Bearer " + opsToken)
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> connection =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        connection.thenAccept(response -> response.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> events.add(
                        EventJson.read(line.substring(5).trim().getBytes(StandardCharsets.UTF_8), JsonNode.class))));
        return new LiveEvents(events, connection);
    }

    /** Events received on an open SSE stream. */
    record LiveEvents(List<JsonNode> events, CompletableFuture<?> connection) implements AutoCloseable {
        List<String> typesFor(String requestId) {
            return events.stream()
                    .filter(e -> requestId.equals(e.path("requestId").asText()))
                    .map(e -> e.path("type").asText())
                    .toList();
        }

        @Override
        public void close() {
            connection.cancel(true);
        }
    }

    private static Answer answer(HttpResponse<String> response) {
        String body = response.body();
        JsonNode json = body == null || body.isBlank()
                ? EventJson.mapper().createObjectNode()
                : EventJson.read(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        return new Answer(response.statusCode(), json);
    }
}
