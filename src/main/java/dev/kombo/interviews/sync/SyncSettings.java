package dev.kombo.interviews.sync;

import java.util.Optional;

import dev.kombo.interviews.SettingsReader;

/**
 * The outbound sync's settings ({@code kombo.sync.*}), read once.
 *
 * @param resyncFrom {@code --resync-from}: a time, {@code all}, or empty
 * @param replay     {@code --replay-dead-letters}: {@code all}, integration names, or empty
 */
public record SyncSettings(boolean runOnce, Optional<String> resyncFrom, Optional<String> replay, int maxPages,
        boolean prefetch, PageReader.InvalidRecords invalidRecords, PageReader.UnknownValues unknownValues,
        RetrySettings komboRetry, RetrySettings sinkRetry) {

    public static SyncSettings read(SettingsReader r) {
        return new SyncSettings(r.flag("kombo.sync.run-once"), r.optional("kombo.sync.resync-from"),
                r.optional("kombo.sync.replay"), r.integer("kombo.sync.max-pages", 1, Integer.MAX_VALUE),
                r.flag("kombo.sync.prefetch"), r.option("kombo.sync.invalid-records", PageReader.InvalidRecords.class),
                r.option("kombo.sync.unknown-values", PageReader.UnknownValues.class),
                RetrySettings.read(r, "kombo.retry"), RetrySettings.read(r, "kombo.sink.retry"));
    }
}
