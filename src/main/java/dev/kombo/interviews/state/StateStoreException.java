package dev.kombo.interviews.state;

/**
 * The state store could not be read or written (the database is unreachable, a statement failed). Its message
 * names the store and what was being done, so that a run that ends on it says why.
 */
public final class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
