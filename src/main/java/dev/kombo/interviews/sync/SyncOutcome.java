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
 */
public record SyncOutcome(String integration, Status status, String reason, String komboCode, long records,
        Map<String, Long> deliveredPerSink, long durationMillis, String watermark, Instant finishedAt) {

    public enum Status { COMPLETED, FAILED, SUSPENDED, DEFERRED, SKIPPED }

    public boolean ok() {
        return status == Status.COMPLETED;
    }
}
