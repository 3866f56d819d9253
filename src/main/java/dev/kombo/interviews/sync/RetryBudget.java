package dev.kombo.interviews.sync;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.builder.Builder;
import org.apache.camel.model.OnExceptionDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.kombo.KomboWait;
import dev.kombo.interviews.observe.BundleMetrics;

/**
 * Decides, after each failed attempt of one step (a page fetch, a PATCH, a page delivery), whether there is
 * another and how long to wait before it, and logs that wait with its reason. The wait is the one Kombo's
 * answer asked for ({@link KomboWait}: {@code Retry-After}, or {@code ratelimit-reset} with nothing remaining)
 * or else the configured exponential back-off with jitter; it is handed to Camel's redelivery as
 * {@code CamelRedeliveryDelay}. Attempts are bounded by number, by total time and, for a caller who waits for
 * the answer, by its deadline ({@link #DEADLINE}): no attempt starts that could not end before it.
 */
public final class RetryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBudget.class);
    // counted on the exchange, per operation: the steps clear every header (Camel's redelivery counter too)
    private static final String STATE = "kombo.retry.";
    private static final String ATTEMPTS = STATE + "attempts.";
    private static final String FIRST_FAILURE = STATE + "firstFailureNanos.";
    /** Exchange property: {@link System#nanoTime()} by which the caller must have its answer. */
    public static final String DEADLINE = "kombo.deadlineNanos";
    /** Exchange property set when the budget is spent: the wait another attempt would have needed (ms). */
    public static final String NEXT_WAIT = STATE + "nextWaitMillis";

    /** Exponential back-off: {@code initial × multiplier^(n-1)}, at most {@code max}, ±15 % jitter. */
    public record Backoff(long initialMillis, double multiplier, long maxMillis) {

        long delay(int failedAttempts, double jitter) {
            double base = initialMillis * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
            return Math.round(Math.min(base, maxMillis) * jitter);
        }
    }

    private final String operation;
    private final String settings;
    private final int maxAttempts;
    private final long maxTotalMillis;
    private final Backoff backoff;
    private final long minAttemptMillis;
    private final Function<Exchange, String> subject;
    private final BundleMetrics metrics;

    /**
     * @param operation        what is retried, for the retry counter: {@code get}, {@code patch} or {@code sink}
     * @param settings         the limits and the back-off ({@code kombo.retry.*}, {@code kombo.sink.retry.*})
     * @param minAttemptMillis before a {@link #DEADLINE}, the least time an attempt is started with
     * @param subject          names the exchange's work in log lines ("acme GET page 3")
     */
    public RetryBudget(String operation, RetrySettings settings, long minAttemptMillis,
            Function<Exchange, String> subject, BundleMetrics metrics) {
        this.operation = operation;
        this.settings = settings.prefix();
        this.maxAttempts = settings.maxAttempts();
        this.maxTotalMillis = settings.maxTotalMillis();
        this.backoff = settings.backoff();
        this.minAttemptMillis = minAttemptMillis;
        this.subject = subject;
        this.metrics = metrics;
    }

    /** Redelivers the failing step while this budget allows, after the wait {@link #allowsAnother} decided. */
    public OnExceptionDefinition redeliver(OnExceptionDefinition onException) {
        return onException
                .retryWhile(Builder.method(this, "allowsAnother"))
                .onRedelivery(exchange -> metrics.retried(operation))
                // every wait is decided and logged here, with its reason; Camel's own lines would repeat them
                .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.DEBUG)
                .logRetryAttempted(false).logStackTrace(false).logRetryStackTrace(false).logExhausted(false);
    }

    /** The step succeeded: a later failure of the exchange (the next page) starts a new count. */
    public static void succeeded(Exchange exchange) {
        exchange.removeProperties(STATE + "*");
    }

    /** True while another attempt fits; sets the wait before it ({@code CamelRedeliveryDelay}) and logs why. */
    public boolean allowsAnother(Exchange exchange) {
        int attempts = exchange.getProperty(ATTEMPTS + operation, 0, Integer.class) + 1;
        exchange.setProperty(ATTEMPTS + operation, attempts);
        long now = System.nanoTime();
        Long first = exchange.getProperty(FIRST_FAILURE + operation, Long.class);
        if (first == null) {
            first = now;
            exchange.setProperty(FIRST_FAILURE + operation, first);
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Optional<KomboWait> asked = failure instanceof KomboApiException kombo ? kombo.error().requestedWait()
                : Optional.empty();
        long wait = asked.map(w -> w.duration().toMillis())
                .orElseGet(() -> backoff.delay(attempts, 0.85 + 0.3 * ThreadLocalRandom.current().nextDouble()));
        String why = asked.map(KomboWait::reason).orElse("back-off " + settings + ".*");
        long spentMillis = (now - first) / 1_000_000;
        Long deadline = exchange.getProperty(DEADLINE, Long.class);
        String limit = null;
        if (attempts >= maxAttempts) {
            limit = settings + ".max-attempts=" + maxAttempts;
        } else if (spentMillis + wait > maxTotalMillis) {
            limit = settings + ".max-total-ms=" + maxTotalMillis + " (next wait " + wait + " ms, " + why + ")";
        } else if (deadline != null && (deadline - now) / 1_000_000 - wait < minAttemptMillis) {
            limit = "the caller's deadline (" + Math.max(0, (deadline - now) / 1_000_000) + " ms left, next wait "
                    + wait + " ms, " + why + ")";
        }
        if (limit != null) {
            exchange.setProperty(NEXT_WAIT, wait);
            LOG.warn("{}: {}; giving up after {} attempt(s) in {} ms: {}", subject.apply(exchange), describe(failure),
                    attempts, spentMillis, limit);
            return false;
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
        metrics.waited(operation, asked.map(w -> w.trigger().name().toLowerCase(java.util.Locale.ROOT))
                .orElse("backoff"), wait);
        LOG.warn("{}: {}; attempt {} of {} in {} ms ({})", subject.apply(exchange), describe(failure), attempts + 1,
                maxAttempts, wait, why);
        return true;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof KomboApiException kombo) {
            return kombo.error().describe();
        }
        return failure == null ? "unknown failure" : SyncRuns.reason(failure);
    }
}
