package dev.kombo.interviews.sync;

import java.util.List;

/**
 * One page of a sync run, the unit every sink receives.
 *
 * @param integration   the integration's configured name
 * @param integrationId Kombo's integration id
 * @param runId         the run's start time in compact form ({@code 20261125T093000123Z}); names files
 * @param number        1-based page number within the run
 * @param records       the page's interviews in Kombo's order
 */
public record InterviewPage(String integration, String integrationId, String runId, int number,
        List<InterviewRecord> records) {

    /*
     * Identity, not content: Camel's bean language hashes the object for every ${body.x} it evaluates, and
     * hashing every record's JSON on each call cost more than writing the page.
     */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public long deletedCount() {
        return records.stream().filter(InterviewRecord::deleted).count();
    }
}
