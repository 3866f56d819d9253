package dev.kombo.interviews.update;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.kombo.KomboAction;
import dev.kombo.interviews.kombo.KomboError;

/**
 * How an update ended, in the form every entry point reports: the HTTP caller gets {@link #httpStatus()} and
 * {@link #body()}; a failed file gets {@link #body()} as its sidecar; a dead-lettered JMS message carries it.
 *
 * @param result     APPLIED, or why not
 * @param httpStatus the status an HTTP caller sees (mirrors Kombo's where Kombo answered)
 * @param body       Kombo's answer on success; a Kombo-shaped error body (plus {@code problems}) otherwise
 * @param retryAfterSeconds when the caller may try again, if that is known
 */
public record UpdateOutcome(Result result, int httpStatus, JsonNode body, Long retryAfterSeconds) {

    public enum Result { APPLIED, INVALID, REJECTED, SUSPENDED, DEFERRED, FAILED }

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean applied() {
        return result == Result.APPLIED;
    }

    /** One line for logs and headers: the code and message, never the request body. */
    public String reason() {
        JsonNode error = body.path("error");
        String code = error.path("code").isTextual() ? error.path("code").asText() + ": " : "";
        return result + " " + code + error.path("message").asText("");
    }

    public String code() {
        JsonNode code = body.path("error").path("code");
        return code.isTextual() ? code.asText() : null;
    }

    public static UpdateOutcome success(JsonNode komboAnswer) {
        return new UpdateOutcome(Result.APPLIED, 200, komboAnswer, null);
    }

    public static UpdateOutcome invalid(List<String> problems) {
        ObjectNode body = errorBody("PLATFORM.INPUT_INVALID", "Invalid interview update",
                problems.size() + " problem(s): " + String.join("; ", problems), null);
        ArrayNode list = body.putArray("problems");
        problems.forEach(list::add);
        return new UpdateOutcome(Result.INVALID, 400, body, null);
    }

    /** Kombo refused or failed: the caller sees Kombo's own status, code, title, message and log_url. */
    public static UpdateOutcome kombo(KomboError error, KomboAction action) {
        Result result = switch (action) {
            case SUSPEND -> Result.SUSPENDED;
            case DEFER -> Result.DEFERRED;
            case DEAD_LETTER -> Result.REJECTED;
            default -> Result.FAILED;
        };
        int status = error.status() >= 400 ? error.status() : 504;
        Long retryAfter = error.requestedWait().map(w -> Math.max(1, (w.duration().toMillis() + 999) / 1000)).orElse(null);
        ObjectNode body = errorBody(error.code(), error.title(), error.message(), error.logUrl());
        body.put("action", action.name());
        return new UpdateOutcome(result, status, body, retryAfter);
    }

    /** Refused without calling Kombo because the integration is suspended. */
    public static UpdateOutcome suspended(String integrationId, KomboError cause) {
        ObjectNode body = errorBody(cause.code(), cause.title(), "integration " + integrationId
                + " is suspended after: " + cause.describe() + "; the request was not sent", cause.logUrl());
        body.put("action", KomboAction.SUSPEND.name());
        return new UpdateOutcome(Result.SUSPENDED, 503, body, null);
    }

    /** No usable answer at all (connection refused, timeouts) after every retry; try again after {@code retryAfter} s. */
    public static UpdateOutcome unreachable(String message, Long retryAfter) {
        return new UpdateOutcome(Result.FAILED, 504, errorBody(null, "Kombo unreachable", message, null), retryAfter);
    }

    /** Not sent: the integration's PATCH slots stayed taken until the caller's deadline came near. */
    public static UpdateOutcome busy(String integrationId, int slots) {
        return new UpdateOutcome(Result.FAILED, 503, errorBody(null, "Too many updates in flight", "all " + slots
                + " PATCH slots of integration " + integrationId + " stayed taken (kombo.update.max-concurrent-per-"
                + "integration, or Kombo's Concurrency-Limit); the request was not sent", null), 1L);
    }

    /** The same outcome, telling the caller to try again after {@code seconds}. */
    public UpdateOutcome retryAfter(Long seconds) {
        return new UpdateOutcome(result, httpStatus, body, seconds);
    }

    static ObjectNode errorBody(String code, String title, String message, String logUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "error");
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("title", title);
        error.put("message", message);
        error.put("log_url", logUrl);
        return body;
    }
}
