package dev.kombo.interviews.update;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many PATCHes may be in flight per integration: the configured cap, lowered to the
 * {@code Concurrency-Limit} Kombo reports for that integration (about 30, lower for some ATSs), so callers
 * are queued here instead of seeing {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED}.
 */
public final class PatchConcurrency {

    private final int configured;
    private final Map<String, Integer> reported = new ConcurrentHashMap<>();

    public PatchConcurrency(int configured) {
        this.configured = configured;
    }

    public int limitFor(String integrationId) {
        Integer kombo = reported.get(integrationId);
        return kombo == null ? configured : Math.max(1, Math.min(configured, kombo));
    }

    void observe(String integrationId, String concurrencyLimitHeader) {
        if (concurrencyLimitHeader == null) {
            return;
        }
        try {
            reported.put(integrationId, Integer.parseInt(concurrencyLimitHeader.trim()));
        } catch (NumberFormatException ignored) {
            // not a number: keep what we had
        }
    }
}
