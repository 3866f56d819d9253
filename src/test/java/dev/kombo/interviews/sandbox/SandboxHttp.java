package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Real HTTP against a running sandbox, the way a Kombo client talks to it. */
final class SandboxHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }
    }

    /** All records of a paging run plus every raw page. */
    record Run(List<JsonNode> records, List<JsonNode> pages) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final KomboSandbox sandbox;

    SandboxHttp(KomboSandbox sandbox) {
        this.sandbox = sandbox;
    }

    Reply interviews(String integrationId, String query) {
        return interviews(query, b -> b.header("Authorization", "Bearer " + sandbox.settings().apiKey())
                .header("X-Integration-Id", integrationId));
    }

    Reply interviews(String query, Consumer<HttpRequest.Builder> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ats/interviews"
                + (query == null || query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(20)).GET();
        headers.accept(request);
        return send(request.build());
    }

    /** A PATCH with the sandbox's key and {@code integrationId}. */
    Reply patch(String integrationId, String applicationId, String body) {
        return patch(applicationId, body, b -> b.header("Authorization", "Bearer " + sandbox.settings().apiKey())
                .header("X-Integration-Id", integrationId));
    }

    Reply patch(String applicationId, String body, Consumer<HttpRequest.Builder> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ats/applications/"
                        + encode(applicationId) + "/interviews")).timeout(Duration.ofSeconds(20))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        headers.accept(request);
        return send(request.build());
    }

    /** Follows {@code next} until null, failing on anything but 200 or on more than {@code maxPages}. */
    Run pageAll(String integrationId, String query, int maxPages) {
        List<JsonNode> records = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            String q = (query == null ? "" : query) + (cursor == null ? "" : "&cursor=" + encode(cursor));
            Reply reply = interviews(integrationId, q);
            if (reply.status() != 200) {
                throw new AssertionError("page " + pages.size() + " answered " + reply.status() + ": " + reply.body());
            }
            JsonNode page = reply.json();
            pages.add(page);
            page.path("data").path("results").forEach(records::add);
            cursor = page.path("data").path("next").isNull() ? null : page.path("data").path("next").asText();
            if (pages.size() > maxPages) {
                throw new AssertionError("more than " + maxPages + " pages");
            }
        } while (cursor != null);
        return new Run(records, pages);
    }

    Reply admin(String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.origin() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        return send(request.build());
    }

    Reply raw(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.origin() + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
