package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxMainTest {

    @Test
    void parses_port_key_seed_and_repeatable_integrations() {
        SandboxSettings settings = SandboxMain.parse(new String[]{"--port", "0", "--api-key", "secret",
                "--integration", "workday:a=10", "--integration", "lever:b=2000", "--seed", "9"});

        assertThat(settings.port()).isZero();
        assertThat(settings.apiKey()).isEqualTo("secret");
        assertThat(settings.seed()).isEqualTo(9);
        assertThat(settings.integrations()).containsExactly(Map.entry("workday:a", 10), Map.entry("lever:b", 2000));
    }

    @Test
    void parses_the_patch_concurrency_limit_and_latency() {
        SandboxSettings settings = SandboxMain.parse(new String[]{"--patch-concurrency-limit", "5",
                "--patch-latency-ms", "250"});

        assertThat(settings.patchConcurrencyLimit()).isEqualTo(5);
        assertThat(settings.patchLatencyMs()).isEqualTo(250);
        assertThat(SandboxMain.parse(new String[0]).patchConcurrencyLimit()).as("Kombo's default").isEqualTo(30);
    }

    @Test
    void without_integrations_serves_the_default_one_on_port_8099() {
        SandboxSettings settings = SandboxMain.parse(new String[0]);

        assertThat(settings.port()).isEqualTo(8099);
        assertThat(settings.integrations()).containsOnlyKeys(SandboxSettings.DEFAULT_INTEGRATION_ID);
    }

    @Test
    void rejects_unknown_options_and_malformed_integrations() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[]{"--verbose", "1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxMain.parse(new String[]{"--integration", "nocount"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxMain.parse(new String[]{"--port"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
