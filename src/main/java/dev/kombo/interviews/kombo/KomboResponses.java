package dev.kombo.interviews.kombo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads Kombo's error answers, including the non-JSON ones load balancers produce. */
public final class KomboResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 200;

    private KomboResponses() {
    }

    /**
     * @param status     the HTTP status
     * @param body       the raw body (may be empty)
     * @param retryAfter the Retry-After header (seconds or an HTTP date), may be null
     * @param reset      the ratelimit-reset header (seconds until the window resets), may be null
     */
    public static KomboError error(int status, byte[] body, String retryAfter, String reset) {
        Optional<Duration> wait = waitTime(retryAfter, reset);
        JsonNode error = parseError(body);
        if (error == null) {
            return new KomboError(status, null, null, describeNonJson(body), null, wait);
        }
        return new KomboError(status, text(error, "code"), text(error, "title"),
                Optional.ofNullable(text(error, "message")).orElse("(no message)"), text(error, "log_url"), wait);
    }

    /** No HTTP answer at all: connection refused, reset or timed out. */
    public static KomboError noAnswer(Throwable cause) {
        return new KomboError(0, null, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(), null,
                Optional.empty());
    }

    private static JsonNode parseError(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static String describeNonJson(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body";
        }
        String text = new String(body, 0, Math.min(body.length, SNIPPET * 4), StandardCharsets.UTF_8)
                .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return "non-JSON body: " + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Retry-After wins; ratelimit-reset (seconds) is Kombo's second hint. */
    static Optional<Duration> waitTime(String retryAfter, String reset) {
        Optional<Duration> wait = seconds(retryAfter);
        if (wait.isEmpty() && retryAfter != null && !retryAfter.isBlank()) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                wait = Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException ignored) {
                // neither seconds nor an HTTP date: fall back to ratelimit-reset
            }
        }
        return wait.isPresent() ? wait : seconds(reset);
    }

    private static Optional<Duration> seconds(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
