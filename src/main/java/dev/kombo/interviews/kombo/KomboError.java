package dev.kombo.interviews.kombo;

import java.util.Optional;

/**
 * One error answer from Kombo (or from a load balancer in front of it).
 *
 * @param status     HTTP status, or 0 when no answer arrived at all (connection refused, timeout)
 * @param code       Kombo's {@code error.code}; null when Kombo sent none or the body was not Kombo JSON
 * @param title      Kombo's {@code error.title} (may be null)
 * @param message    Kombo's {@code error.message}, or a short description of a non-JSON answer
 * @param logUrl     Kombo's {@code error.log_url} (may be null)
 * @param requestedWait the wait Kombo's headers asked for ({@link KomboErrorReader#requestedWait}), if any
 */
public record KomboError(int status, String code, String title, String message, String logUrl,
        Optional<KomboWait> requestedWait) {

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
        requestedWait.ifPresent(wait -> text.append(" (").append(wait.reason()).append(')'));
        return text.toString();
    }
}
