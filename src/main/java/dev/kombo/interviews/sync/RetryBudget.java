package dev.kombo.interviews.sync;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.Builder;
import org.apache.camel.model.OnExceptionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kombo.interviews.observe.BundleMetrics;

/**
 * Bounds redelivery of one failing step (a page fetch or a page delivery) by attempts and by total time.
 * Used as the {@code retryWhile} of the sync route; the delays themselves come from Camel's redelivery
 * policy, or from Retry-After when Kombo sent one (see {@link CursorPager}). Each redelivery is counted
 * ({@code kombo_retries_total}).
 */
public final class RetryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBudget.class);
    static final String FIRST_FAILURE = "kombo.retry.firstFailureNanos";

    private final int maxAttempts;
    private final long maxTotalMillis;
    private final String operation;
    private final BundleMetrics metrics;

    /** @param operation what is retried, for the retry counter: {@code get}, {@code patch} or {@code sink} */
    public RetryBudget(int maxAttempts, long maxTotalMillis, String operation, BundleMetrics metrics) {
        this.maxAttempts = maxAttempts;
        this.maxTotalMillis = maxTotalMillis;
        this.operation = operation;
        this.metrics = metrics;
    }

    /**
     * Redelivers the failing step while this budget allows, with exponential back-off and jitter from
     * {@code <prefix>.initial-delay-ms}, {@code .multiplier} and {@code .max-delay-ms} (Retry-After, when set
     * as {@code CamelRedeliveryDelay}, wins over the computed delay).
     */
    public OnExceptionDefinition redeliver(OnExceptionDefinition onException, String prefix) {
        return onException
                .retryWhile(Builder.method(this, "allowsAnother"))
                .onRedelivery(exchange -> metrics.retried(operation))
                .redeliveryDelay("{{" + prefix + ".initial-delay-ms}}")
                .useExponentialBackOff().backOffMultiplier("{{" + prefix + ".multiplier}}")
                .maximumRedeliveryDelay("{{" + prefix + ".max-delay-ms}}")
                .useCollisionAvoidance()
                .retryAttemptedLogLevel(LoggingLevel.WARN).logStackTrace(false).logRetryStackTrace(false)
                .logExhausted(false);
    }

    /** True while another attempt fits: fewer than max attempts, and the wait ahead ends within the budget. */
    public boolean allowsAnother(Exchange exchange) {
        int done = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        long now = System.nanoTime();
        Long first = exchange.getProperty(FIRST_FAILURE, Long.class);
        if (first == null || done == 0) {
            first = now;
            exchange.setProperty(FIRST_FAILURE, first);
        }
        long waitAhead = exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, 0L, Long.class);
        long spentMillis = (now - first) / 1_000_000;
        boolean allowed = done < maxAttempts && spentMillis + waitAhead <= maxTotalMillis;
        if (!allowed) {
            LOG.warn("giving up after {} attempt(s) and {} ms (limits: kombo.retry.max-attempts={}, "
                    + "kombo.retry.max-total-ms={}, next wait {} ms)", done + 1, spentMillis, maxAttempts,
                    maxTotalMillis, waitAhead);
        }
        return allowed;
    }
}
