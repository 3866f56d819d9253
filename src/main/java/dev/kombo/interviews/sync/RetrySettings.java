package dev.kombo.interviews.sync;

import dev.kombo.interviews.SettingsReader;

/**
 * Retries of one kind of step ({@code kombo.retry.*}: Kombo calls; {@code kombo.sink.retry.*}: page deliveries).
 *
 * @param prefix the properties' prefix, named in log lines
 */
public record RetrySettings(String prefix, int maxAttempts, long maxTotalMillis, RetryBudget.Backoff backoff) {

    public static RetrySettings read(SettingsReader r, String prefix) {
        return new RetrySettings(prefix, r.integer(prefix + ".max-attempts", 1, Integer.MAX_VALUE),
                r.millis(prefix + ".max-total-ms"), new RetryBudget.Backoff(r.millis(prefix + ".initial-delay-ms"),
                        r.decimal(prefix + ".multiplier", 1), r.millis(prefix + ".max-delay-ms")));
    }
}
