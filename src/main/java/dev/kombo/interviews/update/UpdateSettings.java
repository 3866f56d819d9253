package dev.kombo.interviews.update;

import dev.kombo.interviews.SettingsReader;

/**
 * The inbound updates' settings ({@code kombo.update.*}), read once.
 *
 * @param idempotencyKeys memory (this process) or shared (the state store, kombo.state.store)
 */
public record UpdateSettings(int maxBodyBytes, int maxJsonDepth, int maxConcurrentPerIntegration, long httpDeadlineMillis,
        long minAttemptMillis, IdempotencyKeys idempotencyKeys, long idempotencyWindowMillis, int idempotencyMaxKeys) {

    /** Where the idempotency keys of inbound updates are kept. */
    public enum IdempotencyKeys { MEMORY, SHARED }

    public static UpdateSettings read(SettingsReader r) {
        int problemsBefore = r.problems().size();
        UpdateSettings settings = new UpdateSettings(r.integer("kombo.update.max-body-bytes", 1, Integer.MAX_VALUE),
                r.integer("kombo.update.max-json-depth", 1, 1000),
                r.integer("kombo.update.max-concurrent-per-integration", 1, 10_000),
                r.millis("kombo.update.http.deadline-ms"), r.millis("kombo.update.http.min-attempt-ms"),
                r.option("kombo.update.idempotency-store", IdempotencyKeys.class),
                r.millis("kombo.update.idempotency-window-ms"),
                r.integer("kombo.update.idempotency-max-keys", 1, Integer.MAX_VALUE));
        // only between values that were read: a stand-in for a wrong one says nothing
        if (r.problems().size() == problemsBefore && settings.minAttemptMillis() >= settings.httpDeadlineMillis()) {
            r.problem("kombo.update.http.min-attempt-ms=" + settings.minAttemptMillis() + " leaves no attempt within "
                    + "kombo.update.http.deadline-ms=" + settings.httpDeadlineMillis());
        }
        return settings;
    }
}
