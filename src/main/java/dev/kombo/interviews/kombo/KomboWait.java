package dev.kombo.interviews.kombo;

import java.time.Duration;

/**
 * A wait Kombo asked for in its answer, with the header that asked: {@code Retry-After}, or
 * {@code ratelimit-reset} when {@code ratelimit-remaining} is 0. Every other wait is the configured back-off.
 *
 * @param duration how long to wait before the next request
 * @param trigger  which header asked
 * @param reason   the header(s) that justify it, for the log line of the wait
 */
public record KomboWait(Duration duration, Trigger trigger, String reason) {

    /** The header behind a wait; a wait without one is the configured back-off. */
    public enum Trigger { RETRY_AFTER, RATELIMIT_RESET }
}
