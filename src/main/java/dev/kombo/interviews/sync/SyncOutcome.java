package dev.kombo.interviews.sync;

import java.time.Instant;
import java.util.Map;

/**
 * How an integration's last sync run ended; read by run-once mode and by health reporting.
 *
 * @param status    COMPLETED, FAILED (retried at the next schedule), SUSPENDED (needs a person),
 *                  DEFERRED (Kombo asked to come back later) or SKIPPED (a run was still in progress)
 * @param reason    what went wrong, with Kombo's code, message and log_url when there was one
 * @param komboCode the Kombo error code behind a failure, if any
 * @param unknownValues per field the contract does not know yet ({@code unknown_field users[].role}): how many
 *                  delivered records carried it in this run
 * @param keptWaiting records of the integration kept in the dead-letter folder, waiting for a replay
 */
public record SyncOutcome(String integration, Status status, String reason, String komboCode, long records,
        Map<String, Long> deliveredPerSink, long durationMillis, String watermark, Instant finishedAt,
        Map<String, Long> unknownValues, long keptWaiting) {

    public enum Status { COMPLETED, FAILED, SUSPENDED, DEFERRED, SKIPPED }

    public boolean ok() {
        return status == Status.COMPLETED;
    }

    /**
     * The status of the answer to {@code POST /sync/<integration>}: 200 completed, 503 suspended (a person must
     * fix something; the Kombo code says what), 409 deferred or skipped (come back later), 502 failed.
     */
    public int httpStatus() {
        return switch (status) {
            case COMPLETED -> 200;
            case SUSPENDED -> 503;
            case DEFERRED, SKIPPED -> 409;
            case FAILED -> 502;
        };
    }

    /** The outcome as JSON, for the HTTP trigger and operators' tools. */
    public String json() {
        com.fasterxml.jackson.databind.node.ObjectNode json = JSON.createObjectNode();
        json.put("integration", integration);
        json.put("status", status.name());
        json.put("reason", reason);
        json.put("kombo_code", komboCode);
        json.put("records", records);
        json.set("delivered", JSON.valueToTree(deliveredPerSink));
        json.put("duration_ms", durationMillis);
        json.put("watermark", watermark);
        json.put("finished_at", finishedAt.toString());
        json.set("unknown_values", JSON.valueToTree(unknownValues));
        json.put("dead_letters_waiting", keptWaiting);
        return json.toString();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
