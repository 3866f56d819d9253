package dev.kombo.interviews.contract;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Kombo that answers {@code GET /ats/interviews} with pages given to it, over real HTTP on loopback: the first
 * page without a cursor, each later one for the cursor the page before named. It checks the bearer key and
 * {@code X-Integration-Id} as Kombo does (answering Kombo's error JSON otherwise) and records every request.
 */
final class ScriptedKombo implements AutoCloseable {

    /** One request as received, with the query decoded, and the status it was answered with. */
    record Request(String method, String path, Map<String, String> query, String authorization, String integrationId,
            int status) {
    }

    private final String apiKey;
    private final String integrationId;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile List<ScriptedPage.Served> pages = List.of();
    private volatile Map<String, Integer> pageForCursor = Map.of();

    ScriptedKombo(String apiKey, String integrationId) throws IOException {
        this.apiKey = apiKey;
        this.integrationId = integrationId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves these pages from now on, and forgets earlier requests. */
    void serve(List<ScriptedPage.Served> script) {
        Map<String, Integer> cursors = new HashMap<>();
        for (int i = 0; i + 1 < script.size(); i++) {
            cursors.put(script.get(i).next(), i + 1);
        }
        pageForCursor = cursors;
        pages = List.copyOf(script);
        requests.clear();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String integration = exchange.getRequestHeaders().getFirst("X-Integration-Id");
            String path = exchange.getRequestURI().getPath();
            int status;
            byte[] body;
            if (!exchange.getRequestMethod().equals("GET") || !path.equals("/ats/interviews")) {
                status = 404;
                body = error(null, "No route for " + exchange.getRequestMethod() + " " + path);
            } else if (!("Bearer " + apiKey).equals(authorization)) {
                status = 401;
                body = error("PLATFORM.AUTHENTICATION_INVALID", "The API key is missing or invalid.");
            } else if (!integrationId.equals(integration)) {
                status = 404;
                body = error("PLATFORM.INTEGRATION_NOT_FOUND", "No integration " + integration + ".");
            } else {
                String cursor = query.get("cursor");
                Integer page = cursor == null ? Integer.valueOf(0) : pageForCursor.get(cursor);
                if (page == null || page >= pages.size()) {
                    status = 400;
                    body = error("PLATFORM.INPUT_INVALID", "The cursor '" + cursor + "' is not one this Kombo gave out.");
                } else {
                    status = 200;
                    body = pages.get(page).body();
                }
            }
            // recorded before answering: once the bundle has the answer, the request is in the list
            requests.add(new Request(exchange.getRequestMethod(), path, query, authorization, integration, status));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static byte[] error(String code, String message) {
        com.fasterxml.jackson.databind.node.ObjectNode error = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        error.put("code", code);
        error.putNull("title");
        error.put("message", message);
        error.putNull("log_url");
        return ("{\"status\":\"error\",\"error\":" + error + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
