package dev.kombo.interviews.sandbox;

/** A request the sandbox answers with 400 {@code PLATFORM.INPUT_INVALID}; the message goes to the client. */
final class InvalidInputException extends Exception {

    InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
