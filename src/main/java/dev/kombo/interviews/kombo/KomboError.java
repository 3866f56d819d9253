package dev.kombo.interviews.kombo;

import java.time.Duration;
import java.util.Optional;

/**
 * One error answer from Kombo (or from a load balancer in front of it).
 *
 * @param status     HTTP status, or 0 when no answer arrived at all (connection refused, timeout)
 * @param code       Kombo's {@code error.code}; null when Kombo sent none or the body was not Kombo JSON
 * @param title      Kombo's {@code error.title} (may be null)
 * @param message    Kombo's {@code error.message}, or a short description of a non-JSON answer
 * @param logUrl     Kombo's {@code error.log_url} (may be null)
 * @param retryAfter how long Kombo asked us to wait (Retry-After or ratelimit-reset), if it said so
 */
public record KomboError(int status, String code, String title, String message, String logUrl,
        Optional<Duration> retryAfter) {

    /** A one-line, secret-free description for logs, dead-letter records and exception messages. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(status == 0 ? "no answer" : "HTTP " + status);
        text.append(' ').append(code == null ? "(no Kombo code)" : code);
        if (title != null) {
            text.append(" \"").append(title).append('"');
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        if (logUrl != null) {
            text.append(" log_url=").append(logUrl);
        }
        retryAfter.ifPresent(wait -> text.append(" retry-after=").append(wait.toMillis()).append("ms"));
        return text.toString();
    }
}
