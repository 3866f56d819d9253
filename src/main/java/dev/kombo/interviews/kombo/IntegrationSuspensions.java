package dev.kombo.interviews.kombo;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrations Kombo told us to stop using (authentication, permission, set-up errors). Updates for a
 * suspended integration are kept (dead-lettered with the reason) instead of sent; other integrations go on.
 * A person resumes it, or a successful sync of it does.
 */
public final class IntegrationSuspensions {

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationSuspensions.class);

    /** Why and since when an integration is suspended. */
    public record Suspension(KomboError error, Instant since) {
    }

    private final Map<String, Suspension> suspended = new ConcurrentHashMap<>();

    public void suspend(String integrationId, KomboError error) {
        if (suspended.putIfAbsent(integrationId, new Suspension(error, Instant.now())) == null) {
            LOG.error("integration {} suspended: {}. Requests for it are kept, not sent, until it is resumed.",
                    integrationId, error.describe());
        }
    }

    public Optional<Suspension> suspension(String integrationId) {
        return Optional.ofNullable(suspended.get(integrationId));
    }

    /** Lifts a suspension; true when there was one. */
    public boolean resume(String integrationId) {
        if (suspended.remove(integrationId) != null) {
            LOG.info("integration {} resumed", integrationId);
            return true;
        }
        return false;
    }
}
