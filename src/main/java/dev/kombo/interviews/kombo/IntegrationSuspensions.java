package dev.kombo.interviews.kombo;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrations Kombo told us to stop using (authentication, permission, set-up errors). Updates for a
 * suspended integration are kept (dead-lettered with the reason) instead of sent; other integrations go on.
 * A person resumes it, or a successful sync of it does. Suspensions live in the state store, shared by the
 * replicas: each replica reads them again at most every {@code refreshMillis}, so a suspension or a resume on one
 * replica reaches the others within that time.
 */
public final class IntegrationSuspensions {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationSuspensions.class);

    /** Why, since when and by which replica an integration is suspended. */
    public record Suspension(KomboError error, Instant since, String replica) {
    }

    private final SuspensionRecords records;
    private final long refreshMillis;
    private final String replica;
    private volatile Map<String, Suspension> seen = Map.of();
    private volatile long readAtNanos;
    private volatile boolean read;

    /**
     * @param replica this replica's name (kombo.cluster.node-id), recorded with the suspensions it makes
     */
    public IntegrationSuspensions(SuspensionRecords records, long refreshMillis, String replica) {
        this.records = records;
        this.refreshMillis = refreshMillis;
        this.replica = replica;
    }

    public void suspend(String integrationId, KomboError error) {
        if (records.suspend(integrationId, new Suspension(error, Instant.now(), replica))) {
            LOG.error("integration {} suspended: {}. Requests for it are kept, not sent, until it is resumed.",
                    integrationId, error.describe());
        }
        refresh();
    }

    public Optional<Suspension> suspension(String integrationId) {
        if (!read || System.nanoTime() - readAtNanos > refreshMillis * 1_000_000) {
            refresh();
        }
        return Optional.ofNullable(seen.get(integrationId));
    }

    /** Lifts a suspension; true when there was one. */
    public boolean resume(String integrationId) {
        boolean resumed = records.resume(integrationId);
        if (resumed) {
            LOG.info("integration {} resumed", integrationId);
        }
        refresh();
        return resumed;
    }

    private synchronized void refresh() {
        try {
            seen = Map.copyOf(records.all());
        } catch (RuntimeException unreadable) {
            // keep what was seen last: a store that is briefly away must not lift or invent suspensions
            LOG.warn("cannot read the suspensions from the state store: {}", unreadable.getMessage());
        }
        readAtNanos = System.nanoTime();
        read = true;
    }
}
