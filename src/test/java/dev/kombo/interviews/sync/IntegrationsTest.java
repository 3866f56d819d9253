package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrationsTest {

    private final Map<String, String> props = new HashMap<>(Map.of(
            "kombo.integrations", "acme, globex",
            "kombo.integration.acme.id", "greenhouse:acme",
            "kombo.integration.acme.sinks", "file,jms",
            "kombo.integration.globex.id", "workday:globex",
            "kombo.sync.sinks", "file",
            "kombo.sync.page-size", "250",
            "kombo.api-key", "k-123"));

    private Integrations load() {
        return Integrations.load(key -> Optional.ofNullable(props.get(key)));
    }

    @Test
    void per_integration_values_win_over_the_sync_defaults() {
        props.put("kombo.integration.globex.page-size", "50");
        props.put("kombo.integration.globex.job-ids", " j1 , j2 ");

        Integrations integrations = load();

        assertThat(integrations.names()).containsExactly("acme", "globex");
        assertThat(integrations.get("acme").sinks()).containsExactly("file", "jms");
        assertThat(integrations.get("acme").pageSize()).isEqualTo(250);
        assertThat(integrations.get("globex").sinks()).containsExactly("file");
        assertThat(integrations.get("globex").pageSize()).isEqualTo(50);
        assertThat(integrations.get("globex").jobIds()).isEqualTo("j1,j2");
        assertThat(integrations.get("globex").includeDeleted()).isTrue();
    }

    @Test
    void refuses_a_page_size_outside_kombos_range_and_lists_every_problem() {
        props.put("kombo.integration.acme.page-size", "251");
        props.put("kombo.integration.globex.page-size", "0");
        props.remove("kombo.api-key");

        assertThatThrownBy(this::load)
                .hasMessageContaining("kombo.integration.acme.page-size=251 is outside Kombo's 1..250")
                .hasMessageContaining("kombo.integration.globex.page-size=0 is outside Kombo's 1..250")
                .hasMessageContaining("KOMBO_INTEGRATION_ACME_API_KEY or KOMBO_API_KEY");
    }

    @Test
    void refuses_an_invalid_cron_naming_the_key_that_holds_it() {
        props.put("kombo.sync.cron", "0 0/15 * *");
        props.put("kombo.integration.acme.cron", "every hour");

        assertThatThrownBy(this::load)
                .hasMessageContaining("kombo.integration.acme.cron='every hour' is not a valid Quartz cron expression")
                .hasMessageContaining("kombo.sync.cron='0 0/15 * *' is not a valid Quartz cron expression");
    }

    @Test
    void reads_the_api_key_from_a_secret_file_and_never_prints_it(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("key");
        Files.writeString(secret, "s3cr3t-from-file\n");
        props.remove("kombo.api-key");
        props.put("kombo.api-key-file", secret.toString());

        Integration acme = load().get("acme");

        assertThat(acme.apiKey()).isEqualTo("s3cr3t-from-file");
        assertThat(acme.toString()).doesNotContain("s3cr3t");
    }
}
