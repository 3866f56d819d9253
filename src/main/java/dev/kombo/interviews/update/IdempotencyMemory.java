package dev.kombo.interviews.update;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys of one process (kombo.update.idempotency-store=memory). Entries live for the
 * configured window; the oldest go first beyond the size cap.
 */
public final class IdempotencyMemory implements IdempotencyCache {

    private record Entry(UpdateOutcome outcome, long expiresAtMillis) {
    }

    private final long windowMillis;
    private final Map<String, Entry> entries;

    public IdempotencyMemory(long windowMillis, int maxEntries) {
        this.windowMillis = windowMillis;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Lookup begin(String key) {
        long now = System.currentTimeMillis();
        Entry entry = entries.get(key);
        UpdateOutcome uncertain = null;
        if (entry != null && entry.expiresAtMillis() > now) {
            if (entry.outcome() == null) {
                return new InFlight();
            }
            if (entry.outcome().result() != UpdateOutcome.Result.FAILED) {
                return new Replay(entry.outcome());
            }
            uncertain = entry.outcome();
        }
        entries.put(key, new Entry(null, now + windowMillis));
        return new Fresh(uncertain);
    }

    @Override
    public synchronized void finish(String key, UpdateOutcome outcome) {
        entries.put(key, new Entry(outcome, System.currentTimeMillis() + windowMillis));
    }

    @Override
    public synchronized void abandon(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.outcome() == null) {
            entries.remove(key);
        }
    }
}
