package dev.kombo.interviews.update;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a repeated {@code Idempotency-Key} (per integration) with the first request's outcome instead of
 * sending a second PATCH. Entries live for the configured window; the oldest go first beyond the size cap.
 * A repeat that arrives while the first is still in flight is refused (409) rather than sent twice.
 */
public final class IdempotencyCache {

    /** What {@link #begin} found for a key. */
    public sealed interface Lookup permits Fresh, Replay, InFlight {
    }

    public record Fresh() implements Lookup {
    }

    public record Replay(UpdateOutcome outcome) implements Lookup {
    }

    public record InFlight() implements Lookup {
    }

    private record Entry(UpdateOutcome outcome, long expiresAtMillis) {
    }

    private final long windowMillis;
    private final Map<String, Entry> entries;

    public IdempotencyCache(long windowMillis, int maxEntries) {
        this.windowMillis = windowMillis;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** Claims the key for a new request, or returns the stored outcome / the fact that one is in flight. */
    public synchronized Lookup begin(String key) {
        long now = System.currentTimeMillis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.outcome() == null ? new InFlight() : new Replay(entry.outcome());
        }
        entries.put(key, new Entry(null, now + windowMillis));
        return new Fresh();
    }

    /** Keeps the outcome Kombo gave (applied or refused) for repeats of the key. */
    public synchronized void finish(String key, UpdateOutcome outcome) {
        entries.put(key, new Entry(outcome, System.currentTimeMillis() + windowMillis));
    }

    /** The request ended without Kombo's verdict (e.g. unreachable): a repeat may try again. */
    public synchronized void abandon(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.outcome() == null) {
            entries.remove(key);
        }
    }
}
