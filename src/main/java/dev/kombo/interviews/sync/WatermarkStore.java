package dev.kombo.interviews.sync;

import java.util.Optional;

/**
 * Where each integration's sync resumes: the watermark (the start of the last complete, delivered run) and the
 * checkpoint of a run in progress. Kept by the state store ({@code kombo.state.store}): a folder, or a database
 * all replicas share.
 */
public interface WatermarkStore {

    /**
     * Where an interrupted run stood: enough to resume it with the same file names and filters. Saved whole, in
     * one write, so the cursor and the counts of the pages before it always agree.
     */
    record Checkpoint(String runStartedAt, String updatedAfter, String nextCursor, int pagesDone, long recordsDone,
            long deletedDone, long rejectedDone) {
    }

    Optional<String> watermark(String integration);

    void advance(String integration, String watermark);

    Optional<Checkpoint> checkpoint(String integration);

    void saveCheckpoint(String integration, Checkpoint checkpoint);

    void clearCheckpoint(String integration);
}
