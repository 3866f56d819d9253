package dev.kombo.interviews.update;

/**
 * Answers a repeated {@code Idempotency-Key} (per integration) with the first request's outcome instead of
 * sending a second PATCH. A repeat that arrives while the first is still in flight is refused (409) rather
 * than sent twice. Kept in memory ({@link IdempotencyMemory}) or in the state store all replicas share (a folder or
 * a PostgreSQL table, kombo.state.store), so a repeat that reaches another replica is recognised too.
 */
public interface IdempotencyCache {

    /** What {@link #begin} found for a key. */
    sealed interface Lookup permits Fresh, Replay, InFlight {
    }

    /**
     * The key is claimed for this request.
     *
     * @param uncertain the outcome of an earlier request with this key that may have been applied although no
     *                  success came back (a timeout): check Kombo before sending the PATCH again; null otherwise
     */
    record Fresh(UpdateOutcome uncertain) implements Lookup {
    }

    record Replay(UpdateOutcome outcome) implements Lookup {
    }

    record InFlight() implements Lookup {
    }

    /** Claims the key for a new request, or returns the stored outcome / the fact that one is in flight. */
    Lookup begin(String key);

    /**
     * Keeps the outcome Kombo gave (applied or refused) for repeats of the key. A {@code FAILED} outcome is kept
     * only when the PATCH may have been applied regardless: a repeat then claims the key anew, and
     * {@link #begin} hands it that outcome as {@link Fresh#uncertain()}.
     */
    void finish(String key, UpdateOutcome outcome);

    /** The request ended without Kombo's verdict (e.g. unreachable): a repeat may try again. */
    void abandon(String key);
}
