package dev.kombo.interviews.sync;

import java.util.List;

/**
 * Records the sinks could not take, kept with their reason instead of dropped, until a replay
 * ({@link DeadLetterReplay}) brings them back. The watermark may pass a kept record only because it is here.
 * Kept by the state store ({@code kombo.state.store}): files in {@code kombo.sync.dead-letter-dir}, or a table.
 */
public interface KeptRecords {

    /** One kept record: why, where it came from, and its bytes as Kombo sent them. */
    record Kept(String reason, String run, int page, String keptAt, byte[] record) {
    }

    /** The kept records of one page of one run, in their order; {@code id} names them in the store. */
    record Batch(String id, List<Kept> records) {
    }

    /** Keeps the page's rejected records. */
    void keep(InterviewPage page, List<PageReader.Rejected> rejected);

    /** How many records of the integration wait for a replay (read from the store: other replicas add to it). */
    long waiting(String integration);

    /** Every batch of kept records of the integration, oldest run first. */
    List<Batch> batches(String integration);

    /** After a replay: the batch keeps only {@code remaining} (with their new reasons), or goes. */
    void settle(Batch batch, String integration, List<Kept> remaining);

    /** Where an operator finds the integration's kept records, for log lines. */
    String where(String integration);
}
