package dev.kombo.interviews.update;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many PATCHes may be in flight per integration: the configured cap, lowered to the
 * {@code Concurrency-Limit} Kombo reports for that integration (about 30, lower for some ATSs), so callers
 * wait here for a slot instead of seeing {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED}. A caller with a
 * deadline waits only as long as it can afford.
 */
public final class PatchSlots {

    private final int configured;
    private final Map<String, Integer> reported = new ConcurrentHashMap<>();
    private final Map<String, int[]> inFlight = new ConcurrentHashMap<>();

    public PatchSlots(int configured) {
        this.configured = configured;
    }

    public int limitFor(String integrationId) {
        Integer kombo = reported.get(integrationId);
        return kombo == null ? configured : Math.max(1, Math.min(configured, kombo));
    }

    /**
     * Takes one of the integration's slots, waiting at most {@code patienceMillis} for one to be free.
     *
     * @return false when none became free in time (nothing taken)
     */
    boolean acquire(String integrationId, long patienceMillis) throws InterruptedException {
        int[] count = inFlight.computeIfAbsent(integrationId, id -> new int[1]);
        long end = patienceMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + patienceMillis * 1_000_000;
        synchronized (count) {
            while (count[0] >= limitFor(integrationId)) {
                long left = end == Long.MAX_VALUE ? 0 : (end - System.nanoTime()) / 1_000_000;
                if (end != Long.MAX_VALUE && left <= 0) {
                    return false;
                }
                count.wait(left);
            }
            count[0]++;
            return true;
        }
    }

    /** Gives back a slot {@link #acquire} took. */
    void release(String integrationId) {
        int[] count = inFlight.get(integrationId);
        synchronized (count) {
            count[0]--;
            count.notifyAll();
        }
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
