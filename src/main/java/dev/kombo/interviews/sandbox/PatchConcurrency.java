package dev.kombo.interviews.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Kombo's per-integration cap on PATCHes in flight; the cap can change while PATCHes run. Thread-safe. */
final class PatchConcurrency {

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile int limit;

    PatchConcurrency(int limit) {
        limit(limit);
    }

    int limit() {
        return limit;
    }

    void limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the PATCH concurrency limit must be >= 1");
        }
        this.limit = limit;
    }

    /** @return the slots left after taking one, or -1 when the integration is at its cap */
    int tryAcquire(String integrationId) {
        AtomicInteger counter = inFlight.computeIfAbsent(integrationId, id -> new AtomicInteger());
        while (true) {
            int current = counter.get();
            int cap = limit;
            if (current >= cap) {
                return -1;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return cap - current - 1;
            }
        }
    }

    void release(String integrationId) {
        inFlight.get(integrationId).decrementAndGet();
    }

    int inFlight(String integrationId) {
        AtomicInteger counter = integrationId == null ? null : inFlight.get(integrationId);
        return counter == null ? 0 : counter.get();
    }

    /** Slots free right now; what a PATCH answer advertises in {@code Concurrency-Remaining}. */
    int remaining(String integrationId) {
        return Math.max(0, limit - inFlight(integrationId));
    }

    Map<String, Integer> inFlightPerIntegration() {
        Map<String, Integer> view = new TreeMap<>();
        inFlight.forEach((id, count) -> view.put(id, count.get()));
        return view;
    }
}
