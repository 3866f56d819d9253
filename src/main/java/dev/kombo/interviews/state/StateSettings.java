package dev.kombo.interviews.state;

import java.nio.file.Path;

import dev.kombo.interviews.SettingsReader;

/**
 * Where the state is kept ({@code kombo.state.*}, and the folders of the file store), read once.
 *
 * @param refreshMillis how often a replica reads the shared suspensions again
 */
public record StateSettings(Type type, Path stateDir, Path deadLetterDir, Path idempotencyDir,
        long idempotencyWindowMillis, long idempotencyInFlightTimeoutMillis, long refreshMillis) {

    /** The kinds of state store. */
    public enum Type { FILE }

    public static StateSettings read(SettingsReader r) {
        Type type = r.option("kombo.state.store", Type.class);
        return new StateSettings(type, r.path("kombo.sync.state-dir"), r.path("kombo.sync.dead-letter-dir"),
                r.path("kombo.update.idempotency-dir"), r.millis("kombo.update.idempotency-window-ms"),
                r.millis("kombo.update.idempotency-in-flight-timeout-ms"), r.millis("kombo.state.refresh-ms"));
    }
}
