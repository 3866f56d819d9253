package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes what Kombo (and the load balancer in front of it) answers: the ATS error body
 * {@code {"status":"error","error":{"code","title","message","log_url"}}} with the code's status and
 * headers, bare HTML or empty gateway errors, and plain JSON for the admin API.
 */
public final class KomboResponses {

    /** Exchange attribute carrying the id behind {@code log_url}, picked up by the request log. */
    static final String LOG_ID = "kombo.sandbox.logId";
    static final String JSON = "application/json";
    static final int CONCURRENCY_LIMIT = 30;

    private final JsonFactory jsonFactory;
    private final ObjectMapper mapper;
    private volatile String origin = "";

    KomboResponses(ObjectMapper mapper) {
        this.mapper = mapper;
        this.jsonFactory = mapper.getFactory();
    }

    void origin(String origin) {
        this.origin = origin;
    }

    JsonFactory jsonFactory() {
        return jsonFactory;
    }

    /** The code's error with a {@code log_url}, Retry-After of one second where the code calls for one. */
    public void error(HttpExchange exchange, String code, String message) throws IOException {
        error(exchange, code, message, 1, true);
    }

    /**
     * The ratelimit-* headers are already on the answer ({@link RateLimitWindows}); only a rate-limit code
     * changes them: nothing left, and the wait as {@code Retry-After}. Every other code, the concurrency limit
     * and 5xx included, answers without {@code Retry-After}, as Kombo does.
     *
     * @param retryAfterSeconds for the rate-limit codes: {@code Retry-After} (and {@code ratelimit-reset} for
     *                          Kombo's own limit)
     * @param withLogUrl        false leaves {@code log_url} null, as Kombo does before an integration is known
     */
    public void error(HttpExchange exchange, String code, String message, long retryAfterSeconds, boolean withLogUrl)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        switch (code) {
            case KomboErrors.RATE_LIMIT_EXCEEDED -> {
                headers.set("Retry-After", Long.toString(retryAfterSeconds));
                headers.set(RateLimitWindows.REMAINING, "0");
                headers.set(RateLimitWindows.RESET, Long.toString(retryAfterSeconds));
            }
            case KomboErrors.REMOTE_RATE_LIMIT_EXCEEDED -> headers.set("Retry-After", Long.toString(retryAfterSeconds));
            case KomboErrors.CONCURRENCY_LIMIT_EXCEEDED -> {
                if (!headers.containsKey("Concurrency-Limit")) { // the PATCH handler sets its configured cap
                    headers.set("Concurrency-Limit", Integer.toString(CONCURRENCY_LIMIT));
                }
                headers.set("Concurrency-Remaining", "0");
            }
            default -> {
            }
        }
        String logUrl = withLogUrl ? logUrl(exchange) : null;
        writeError(exchange, KomboErrors.status(code), code, KomboErrors.title(code), message, logUrl);
    }

    /**
     * The code's error with another HTTP status than its usual one, e.g. 404 {@code PLATFORM.INPUT_INVALID}
     * for a PATCH naming an interview that does not exist.
     */
    public void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        writeError(exchange, status, code, KomboErrors.title(code), message, logUrl(exchange));
    }

    /** The minimal error body: only {@code message} is set. */
    public void untypedError(HttpExchange exchange, int status, String message) throws IOException {
        writeError(exchange, status, null, null, message, null);
    }

    /** What a load balancer answers: an HTML page, no JSON. */
    void html(HttpExchange exchange, int status, String reason) throws IOException {
        String page = "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        raw(exchange, status, "text/html", page.getBytes(StandardCharsets.UTF_8));
    }

    void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    void raw(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Plain JSON for the admin API. */
    public void json(HttpExchange exchange, int status, Object body) throws IOException {
        raw(exchange, status, JSON, mapper.writeValueAsBytes(body));
    }

    private void writeError(HttpExchange exchange, int status, String code, String title, String message,
                            String logUrl) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, 0);
        try (JsonGenerator json = jsonFactory.createGenerator(exchange.getResponseBody())) {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeObjectFieldStart("error");
            json.writeStringField("code", code);
            json.writeStringField("title", title);
            json.writeStringField("message", message);
            json.writeStringField("log_url", logUrl);
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private String logUrl(HttpExchange exchange) {
        String logId = UUID.randomUUID().toString();
        exchange.setAttribute(LOG_ID, logId);
        return origin + "/sandbox/logs/" + logId;
    }
}
