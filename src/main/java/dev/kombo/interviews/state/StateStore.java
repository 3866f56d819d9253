package dev.kombo.interviews.state;

import dev.kombo.interviews.kombo.SuspensionRecords;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.WatermarkStore;
import dev.kombo.interviews.update.IdempotencyCache;

/**
 * Everything the bundle keeps between runs and shares between replicas (kombo.state.store), behind one interface:
 * per integration the watermark and the checkpoint of a run in progress, the suspension, the kept records waiting
 * for a replay, and the idempotency keys of inbound updates. {@code file}: folders (one machine, or a volume the
 * replicas share); {@code jdbc}: PostgreSQL.
 */
public interface StateStore extends AutoCloseable {

    WatermarkStore watermarks();

    KeptRecords keptRecords();

    SuspensionRecords suspensions();

    /** The idempotency keys shared by the replicas (kombo.update.idempotency-store=shared). */
    IdempotencyCache idempotencyKeys();

    /** Where the state is, for the start-up log and {@code --check} (never a password). */
    String describe();

    /**
     * Reaches the store and brings it up to date (the jdbc store connects and migrates its schema), so that a
     * store that cannot be used stops start-up. Called as the Camel context starts: {@code --check} never does.
     */
    default void open() {
        // the folders need nothing before their first write
    }

    @Override
    void close();
}
