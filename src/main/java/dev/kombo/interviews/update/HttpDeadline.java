package dev.kombo.interviews.update;

import org.apache.camel.Exchange;

import dev.kombo.interviews.sync.RetryBudget;

/**
 * The deadline of an HTTP caller (kombo.update.http.deadline-ms), counted from the moment its request arrived:
 * retries, waits for a PATCH slot and each attempt's timeout all fit before it, and the caller is then answered
 * with Kombo's last status and code and a Retry-After. File and JMS entries have no deadline.
 */
public final class HttpDeadline {

    private final long deadlineMillis;

    public HttpDeadline(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    /** Called by the HTTP entry route before {@code direct:kombo-update}. */
    public void start(Exchange exchange) {
        long sinceArrival = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        exchange.setProperty(RetryBudget.DEADLINE, System.nanoTime() + (deadlineMillis - sinceArrival) * 1_000_000);
    }
}
