package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.kombo.KomboWait;
import dev.kombo.interviews.observe.BundleMetrics;

/** Every wait before a retry is the one the answer asked for, or the configured back-off; budgets end them. */
class RetryBudgetTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final RetryBudget budget = new RetryBudget("get", new RetrySettings("kombo.retry", 5, 10_000,
            new RetryBudget.Backoff(1000, 2, 3000)), 500, exchange -> "test", new BundleMetrics(null, null, null));

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** An exchange whose step failed {@code attempt} times, the last time with {@code failure}. */
    private Exchange failedAttempt(int attempt, Exception failure) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setException(new IOException("an earlier attempt"));
        for (int i = 1; i < attempt; i++) {
            budget.allowsAnother(exchange);
            exchange.getIn().removeHeaders("*"); // as the steps do, Camel's redelivery counter included
        }
        exchange.setException(failure);
        return exchange;
    }

    private static KomboApiException kombo(int status, Optional<KomboWait> wait) {
        return new KomboApiException.Retryable("acme", new KomboError(status, "REMOTE.SERVICE_UNAVAILABLE", null, "m",
                null, wait));
    }

    private static long delay(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
    }

    @Test
    void an_answer_that_asks_for_nothing_gets_the_exponential_back_off_with_jitter() {
        Exchange first = failedAttempt(1, kombo(503, Optional.empty()));
        Exchange third = failedAttempt(3, new IOException("connection reset"));

        assertThat(budget.allowsAnother(first)).isTrue();
        assertThat(budget.allowsAnother(third)).isTrue();

        assertThat(delay(first)).isBetween(850L, 1150L);
        assertThat(delay(third)).as("1000 × 2² capped at 3000, ±15 %").isBetween(2550L, 3450L);
    }

    @Test
    void a_step_that_succeeded_starts_a_new_count() {
        Exchange exchange = failedAttempt(5, kombo(503, Optional.empty()));
        RetryBudget.succeeded(exchange);

        assertThat(budget.allowsAnother(exchange)).isTrue();
        assertThat(delay(exchange)).isBetween(850L, 1150L);
    }

    @Test
    void retry_after_is_waited_for_exactly() {
        Exchange exchange = failedAttempt(1, kombo(429, Optional.of(new KomboWait(Duration.ofSeconds(4), KomboWait.Trigger.RETRY_AFTER, "Retry-After: 4"))));

        assertThat(budget.allowsAnother(exchange)).isTrue();
        assertThat(delay(exchange)).isEqualTo(4000);
    }

    @Test
    void no_attempt_beyond_the_attempts_or_the_total_time() {
        Exchange fifth = failedAttempt(5, kombo(503, Optional.empty()));
        Exchange tooLong = failedAttempt(1, kombo(429, Optional.of(new KomboWait(Duration.ofSeconds(11), KomboWait.Trigger.RETRY_AFTER, "Retry-After: 11"))));

        assertThat(budget.allowsAnother(fifth)).as("5 attempts made of 5").isFalse();
        assertThat(budget.allowsAnother(tooLong)).as("the wait alone passes max-total-ms").isFalse();
        assertThat(tooLong.getProperty(RetryBudget.NEXT_WAIT, Long.class)).isEqualTo(11_000);
    }

    @Test
    void no_attempt_that_could_not_end_before_the_callers_deadline() {
        Exchange soon = failedAttempt(1, kombo(502, Optional.empty()));
        soon.setProperty(RetryBudget.DEADLINE, System.nanoTime() + Duration.ofMillis(1200).toNanos());
        Exchange later = failedAttempt(1, kombo(502, Optional.empty()));
        later.setProperty(RetryBudget.DEADLINE, System.nanoTime() + Duration.ofSeconds(5).toNanos());

        assertThat(budget.allowsAnother(soon)).as("~1 s back-off leaves less than the 500 ms an attempt needs").isFalse();
        assertThat(soon.getProperty(RetryBudget.NEXT_WAIT, Long.class)).isBetween(850L, 1150L);
        assertThat(budget.allowsAnother(later)).isTrue();
    }
}
