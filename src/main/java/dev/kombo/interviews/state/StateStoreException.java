package dev.kombo.interviews.state;

/**
 * The state store could not be read or written (the database is unreachable, a statement failed). Its message
 * names the store and what was being done, so that a run that ends on it says why.
 *
 * <p>The driver's exception is attached as suppressed, not as the cause: Camel matches {@code onException} against
 * every cause, and a refused connection deep inside would pass for a Kombo call that got no answer and be
 * redelivered at the step that failed (for a checkpoint: after the page was counted). A store that is away ends
 * the run instead; the next run resumes from the last checkpoint.
 */
public final class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Exception driverError) {
        super(message);
        addSuppressed(driverError);
    }
}
