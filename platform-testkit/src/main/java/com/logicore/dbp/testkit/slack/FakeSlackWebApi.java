package com.logicore.dbp.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for Slack's Web API (the one fake allowed in tests): answers {@code /api/<method>} like Slack does
 * for the methods the bot uses (auth.test, chat.postMessage, chat.update, views.open, …), accepts posts to
 * {@code /response/<name>} as a {@code response_url}, and records every call.
 *
 * <p>Point the Slack SDK at it with {@code SlackConfig.setMethodsEndpointUrlPrefix(fake.methodsUrl())}. Tests in
 * another class loader (Quarkus tests) read the recordings over HTTP: {@link #calls(String)}.
 */
public final class FakeSlackWebApi implements AutoCloseable {

    /**
     * One recorded call: the method (or {@code response_url:<name>}), its parameters as JSON, and what the fake
     * answered (e.g. the {@code ts} of a posted message).
     */
    public record Call(String method, JsonNode params, JsonNode answer) {

        /** The {@code ts} the fake gave a posted message ("" for other calls). */
        public String answeredTs() {
            return answer == null ? "" : answer.path("ts").asText("");
        }

        /** A parameter as text ("" when absent); blocks and views arrive as JSON text inside form fields. */
        public String param(String name) {
            JsonNode value = params.get(name);
            return value == null || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicLong messageSeq = new AtomicLong(1_700_000_000_000L);
    /** Outages armed by tests: per method, how many more calls fail, and how. */
    private final Map<String, Outage> outages = new HashMap<>();

    /** The next {@code calls} calls of a method fail with this HTTP status (429 carries {@code Retry-After}). */
    private record Outage(int calls, int status, int retryAfterSeconds) {}

    private FakeSlackWebApi(HttpServer server) {
        this.server = server;
    }

    public static FakeSlackWebApi start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            FakeSlackWebApi fake = new FakeSlackWebApi(server);
            server.createContext("/api/", fake::method);
            server.createContext("/response/", fake::responseUrl);
            server.createContext("/_fake/calls", fake::listCalls);
            server.createContext("/_fake/outage", fake::armOutage);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Slack Web API on port " + port, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What {@code SlackConfig.setMethodsEndpointUrlPrefix} wants. */
    public String methodsUrl() {
        return baseUrl() + "/api/";
    }

    /** A {@code response_url} on this fake; posts to it are recorded as method {@code response_url:<name>}. */
    public String responseUrl(String name) {
        return baseUrl() + "/response/" + name;
    }

    public synchronized List<Call> recorded() {
        return List.copyOf(calls);
    }

    /** The calls recorded by the fake at {@code baseUrl}, read over HTTP (works across class loaders). */
    public static List<Call> calls(String baseUrl) {
        try {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/_fake/calls"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<Call> result = new ArrayList<>();
            for (JsonNode node : JSON.readTree(response.body())) {
                result.add(new Call(node.get("method").asText(), node.get("params"), node.get("answer")));
            }
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("could not read the fake's calls", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the next {@code calls} calls of {@code method} on the fake at {@code baseUrl} fail like Slack does when it
     * is down ({@code status} 503) or rate-limits ({@code status} 429 with {@code Retry-After}). Failed calls are not
     * recorded: Slack did not take them.
     */
    public static void outage(String baseUrl, String method, int calls, int status, int retryAfterSeconds) {
        try {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/_fake/outage?method=" + method + "&calls="
                                            + calls + "&status=" + status + "&retryAfter=" + retryAfterSeconds))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("the fake did not arm the outage: " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not reach the fake", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void armOutage(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        synchronized (this) {
            outages.put(
                    query.get("method"),
                    new Outage(
                            Integer.parseInt(query.get("calls")),
                            Integer.parseInt(query.get("status")),
                            Integer.parseInt(query.get("retryAfter"))));
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** Consumes one failing call of an armed outage; null when the method works. */
    private synchronized Outage failing(String method) {
        Outage outage = outages.get(method);
        if (outage == null || outage.calls() <= 0) {
            return null;
        }
        outages.put(method, new Outage(outage.calls() - 1, outage.status(), outage.retryAfterSeconds()));
        return outage;
    }

    private void method(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        JsonNode params = params(exchange);
        Outage outage = failing(method);
        if (outage != null) {
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("ok", false)
                    .put("error", outage.status() == 429 ? "ratelimited" : "service_unavailable"));
            if (outage.status() == 429) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(outage.retryAfterSeconds()));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(outage.status(), body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "auth.test" -> answer.put("url", "https://logicore.slack.example/")
                    .put("team", "LogiCore")
                    .put("user", "dbp")
                    .put("team_id", "T0LOGICORE")
                    .put("user_id", "U0DBPBOT")
                    .put("bot_id", "B0DBPBOT");
            case "chat.postMessage" -> {
                String ts = nextTs();
                answer.put("channel", text(params, "channel")).put("ts", ts);
                answer.putObject("message").put("ts", ts).put("text", text(params, "text"));
            }
            case "chat.update" -> answer.put("channel", text(params, "channel"))
                    .put("ts", text(params, "ts"))
                    .put("text", text(params, "text"));
            case "views.open", "views.update" -> answer.putObject("view").put("id", "V" + nextTs());
            default -> {
                // Every other method: a plain success, as Slack answers e.g. chat.postEphemeral.
            }
        }
        record(new Call(method, params, answer));
        reply(exchange, "application/json; charset=utf-8", JSON.writeValueAsBytes(answer));
    }

    private void responseUrl(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/response/".length());
        record(new Call("response_url:" + name, params(exchange), JSON.createObjectNode()));
        reply(exchange, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
    }

    private void listCalls(HttpExchange exchange) throws IOException {
        var array = JSON.createArrayNode();
        for (Call call : recorded()) {
            var node = array.addObject().put("method", call.method());
            node.set("params", call.params());
            node.set("answer", call.answer());
        }
        reply(exchange, "application/json", JSON.writeValueAsBytes(array));
    }

    private synchronized void record(Call call) {
        calls.add(call);
    }

    private String nextTs() {
        long n = messageSeq.incrementAndGet();
        return (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
    }

    /** Form fields (how the SDK sends most methods) or a JSON body (response_url, JSON-bodied methods). */
    private static JsonNode params(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (contentType.startsWith("application/json")) {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return JSON.valueToTree(form);
    }

    private static String text(JsonNode params, String name) {
        JsonNode value = params.get(name);
        return value == null ? "" : value.asText();
    }

    private static void reply(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
