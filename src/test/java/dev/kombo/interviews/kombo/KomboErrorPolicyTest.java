package dev.kombo.interviews.kombo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KomboErrorPolicyTest {

    private static Map<String, String> shippedTable() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new FileReader("config/application.properties")) {
            properties.load(reader);
        }
        Map<String, String> table = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> table.put(key, properties.getProperty(key).trim()));
        return table;
    }

    private static KomboErrorPolicy policy(Map<String, String> table) {
        return KomboErrorPolicy.load(key -> Optional.ofNullable(table.get(key)));
    }

    private static KomboError error(int status, String code) {
        return new KomboError(status, code, null, "m", null, Optional.empty());
    }

    @Test
    void shipped_table_covers_every_code_of_the_contract_with_the_documented_defaults() throws IOException {
        KomboErrorPolicy policy = policy(shippedTable());

        assertThat(policy.codeTable()).containsOnlyKeys(KomboErrorPolicy.KOMBO_CODES);
        assertThat(policy.actionFor(error(429, "PLATFORM.RATE_LIMIT_EXCEEDED"))).isEqualTo(KomboAction.RETRY);
        assertThat(policy.actionFor(error(503, "REMOTE.SERVICE_UNAVAILABLE"))).isEqualTo(KomboAction.RETRY);
        assertThat(policy.actionFor(error(403, "INTEGRATION.AUTHENTICATION_INVALID"))).isEqualTo(KomboAction.SUSPEND);
        assertThat(policy.actionFor(error(409, "INTEGRATION.SETUP_SYNC_PENDING"))).isEqualTo(KomboAction.DEFER);
        assertThat(policy.actionFor(error(400, "REMOTE.INPUT_INVALID"))).isEqualTo(KomboAction.DEAD_LETTER);
        assertThat(policy.actionFor(error(504, "PLATFORM.TASK_TIMED_OUT"))).isEqualTo(KomboAction.VERIFY);
    }

    @Test
    void code_wins_over_the_status() throws IOException {
        // a 503 status with a code that says "not retryable" follows the code
        assertThat(policy(shippedTable()).actionFor(error(503, "ATS.JOB_CLOSED"))).isEqualTo(KomboAction.DEAD_LETTER);
    }

    @Test
    void null_unknown_or_missing_codes_fall_back_to_the_status() throws IOException {
        KomboErrorPolicy policy = policy(shippedTable());

        assertThat(policy.actionFor(error(502, null))).isEqualTo(KomboAction.RETRY);
        assertThat(policy.actionFor(error(503, "PLATFORM.SOMETHING_NEW"))).isEqualTo(KomboAction.RETRY);
        assertThat(policy.actionFor(error(418, null))).isEqualTo(KomboAction.DEAD_LETTER);
        assertThat(policy.actionFor(error(0, null))).isEqualTo(KomboAction.RETRY);
    }

    @Test
    void a_missing_or_misspelt_row_is_refused_with_every_problem_named() throws IOException {
        Map<String, String> table = shippedTable();
        table.remove("kombo.error-policy.code.ATS.JOB_CLOSED");
        table.put("kombo.error-policy.code.REMOTE.INPUT_INVALID", "RETRI");

        assertThatThrownBy(() -> policy(table))
                .hasMessageContaining("no action for kombo.error-policy.code.ATS.JOB_CLOSED")
                .hasMessageContaining("kombo.error-policy.code.REMOTE.INPUT_INVALID=RETRI is not one of");
    }

    @Test
    void retry_after_is_the_wait_kombo_asks_for() {
        KomboError error = KomboErrorReader.error(429,
                "{\"status\":\"error\",\"error\":{\"code\":\"PLATFORM.RATE_LIMIT_EXCEEDED\",\"title\":null,\"message\":\"slow down\",\"log_url\":null}}"
                        .getBytes(), headers("Retry-After", "3", "ratelimit-remaining", "0", "ratelimit-reset", "9"));

        assertThat(error.code()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
        assertThat(error.requestedWait()).hasValueSatisfying(wait -> {
            assertThat(wait.duration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(wait.reason()).isEqualTo("Retry-After: 3");
        });
    }

    @Test
    void ratelimit_reset_is_a_wait_only_when_nothing_remains() {
        KomboError exhausted = KomboErrorReader.error(429, new byte[0],
                headers("ratelimit-limit", "100", "ratelimit-remaining", "0", "ratelimit-reset", "2"));
        KomboError plenty = KomboErrorReader.error(503, new byte[0],
                headers("ratelimit-limit", "100", "ratelimit-remaining", "87", "ratelimit-reset", "58"));

        assertThat(exhausted.requestedWait()).map(w -> w.duration()).hasValue(Duration.ofSeconds(2));
        assertThat(exhausted.requestedWait().get().reason()).contains("ratelimit-remaining: 0");
        assertThat(plenty.requestedWait()).as("the window's end is no reason to wait").isEmpty();
    }

    @Test
    void a_concurrency_limit_429_without_retry_after_asks_for_no_wait() {
        KomboError error = KomboErrorReader.error(429, ("{\"status\":\"error\",\"error\":{\"code\":"
                + "\"PLATFORM.CONCURRENCY_LIMIT_EXCEEDED\",\"title\":null,\"message\":\"busy\",\"log_url\":null}}").getBytes(),
                headers("ratelimit-limit", "100", "ratelimit-remaining", "40", "ratelimit-reset", "60"));

        assertThat(error.requestedWait()).isEmpty();
    }

    @Test
    void a_rate_limit_429_that_says_nothing_of_what_remains_waits_for_the_reset() {
        KomboError error = KomboErrorReader.error(429, ("{\"status\":\"error\",\"error\":{\"code\":"
                + "\"REMOTE.RATE_LIMIT_EXCEEDED\",\"title\":null,\"message\":\"ATS says slow down\",\"log_url\":null}}").getBytes(),
                headers("ratelimit-reset", "4"));

        assertThat(error.requestedWait()).map(w -> w.duration()).hasValue(Duration.ofSeconds(4));
    }

    private static java.util.function.Function<String, String> headers(String... namesAndValues) {
        java.util.Map<String, String> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void html_from_a_load_balancer_is_described_without_a_code() {
        KomboError error = KomboErrorReader.error(502,
                "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(), name -> null);

        assertThat(error.code()).isNull();
        assertThat(error.describe()).contains("HTTP 502").contains("non-JSON body: 502 Bad Gateway");
    }
}
