package dev.kombo.interviews.kombo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
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
    void reads_retry_after_in_seconds_and_falls_back_to_ratelimit_reset() {
        KomboError withRetryAfter = KomboResponses.error(429,
                "{\"status\":\"error\",\"error\":{\"code\":\"PLATFORM.RATE_LIMIT_EXCEEDED\",\"title\":null,\"message\":\"slow down\",\"log_url\":null}}"
                        .getBytes(), "3", "9");
        KomboError withReset = KomboResponses.error(429, new byte[0], null, "2");

        assertThat(withRetryAfter.code()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
        assertThat(withRetryAfter.retryAfter()).hasValue(java.time.Duration.ofSeconds(3));
        assertThat(withReset.retryAfter()).hasValue(java.time.Duration.ofSeconds(2));
    }

    @Test
    void html_from_a_load_balancer_is_described_without_a_code() {
        KomboError error = KomboResponses.error(502,
                "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(), null, null);

        assertThat(error.code()).isNull();
        assertThat(error.describe()).contains("HTTP 502").contains("non-JSON body: 502 Bad Gateway");
    }
}
