package dev.kombo.interviews.kombo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads Kombo's error answers, including the non-JSON ones load balancers produce. */
public final class KomboErrorReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 200;

    private KomboErrorReader() {
    }

    /**
     * @param status  the HTTP status
     * @param body    the raw body (may be empty)
     * @param headers the answer's headers by name (Retry-After, ratelimit-*), null where absent
     */
    public static KomboError error(int status, byte[] body, Function<String, String> headers) {
        JsonNode error = parseError(body);
        if (error == null) {
            return new KomboError(status, null, null, describeNonJson(body), null, requestedWait(status, null, headers));
        }
        String code = text(error, "code");
        return new KomboError(status, code, text(error, "title"),
                Optional.ofNullable(text(error, "message")).orElse("(no message)"), text(error, "log_url"),
                requestedWait(status, code, headers));
    }

    /**
     * The wait an answer asks for. {@code Retry-After} is the instruction. {@code ratelimit-reset} only says when
     * the current window ends, and Kombo sends it on every answer: it is a reason to wait only when
     * {@code ratelimit-remaining} is 0, or on a rate-limit 429 that does not say what remains. Anything else
     * (a 503, a concurrency-limit 429, a load balancer's 502) asks for nothing: the configured back-off applies.
     */
    public static Optional<KomboWait> requestedWait(int status, String code, Function<String, String> headers) {
        String retryAfter = headers.apply("Retry-After");
        Optional<Duration> wait = retryAfter(retryAfter);
        if (wait.isPresent()) {
            return Optional.of(new KomboWait(wait.get(), KomboWait.Trigger.RETRY_AFTER, "Retry-After: " + retryAfter.trim()));
        }
        String reset = headers.apply("ratelimit-reset");
        String remaining = headers.apply("ratelimit-remaining");
        Optional<Duration> untilReset = seconds(reset);
        if (untilReset.isEmpty()) {
            return Optional.empty();
        }
        if (remaining != null && remaining.trim().equals("0")) {
            return Optional.of(new KomboWait(untilReset.get(), KomboWait.Trigger.RATELIMIT_RESET,
                    "ratelimit-remaining: 0, ratelimit-reset: " + reset.trim()));
        }
        boolean rateLimited = status == 429 && (code == null || code.endsWith(".RATE_LIMIT_EXCEEDED"));
        if (rateLimited && (remaining == null || remaining.isBlank())) {
            return Optional.of(new KomboWait(untilReset.get(), KomboWait.Trigger.RATELIMIT_RESET,
                    "429 " + (code == null ? "" : code + " ") + "without Retry-After, ratelimit-reset: " + reset.trim()));
        }
        return Optional.empty();
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

    /** Retry-After as seconds or as an HTTP date. */
    private static Optional<Duration> retryAfter(String retryAfter) {
        Optional<Duration> wait = seconds(retryAfter);
        if (wait.isEmpty() && retryAfter != null && !retryAfter.isBlank()) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                wait = Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException ignored) {
                // neither seconds nor an HTTP date: no instruction
            }
        }
        return wait;
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
