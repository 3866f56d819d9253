package dev.kombo.interviews.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The last outcome per integration: what run-once mode exits with and what health reports. */
public final class SyncStatus {

    private final Map<String, SyncOutcome> last = new ConcurrentHashMap<>();

    void record(SyncOutcome outcome) {
        last.put(outcome.integration(), outcome);
    }

    public Optional<SyncOutcome> last(String integration) {
        return Optional.ofNullable(last.get(integration));
    }
}
