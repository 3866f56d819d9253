package dev.kombo.interviews.kombo;

/**
 * Kombo answered with an error. The action decided by the {@link KomboErrorPolicy} travels with it, so the
 * routes' {@code onException} clauses branch on the policy, not on codes or statuses.
 */
public class KomboApiException extends RuntimeException {

    private final transient KomboError error;
    private final KomboAction action;
    private final String integration;

    public KomboApiException(String integration, KomboError error, KomboAction action) {
        super("Kombo call for integration '" + integration + "' failed (" + action + "): " + error.describe());
        this.integration = integration;
        this.error = error;
        this.action = action;
    }

    public KomboError error() {
        return error;
    }

    public KomboAction action() {
        return action;
    }

    public String integration() {
        return integration;
    }

    /** Transient errors: the same request is sent again by the route's redelivery policy. */
    public static final class Retryable extends KomboApiException {
        public Retryable(String integration, KomboError error) {
            super(integration, error, KomboAction.RETRY);
        }
    }

    /** Errors that end the integration's current work without retrying (SUSPEND, DEFER, DEAD_LETTER, VERIFY). */
    public static final class Final extends KomboApiException {
        public Final(String integration, KomboError error, KomboAction action) {
            super(integration, error, action);
        }
    }
}
