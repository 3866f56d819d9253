package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kombo.interviews.OfficialSdk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kombo's official TypeScript SDK (which validates responses strictly) pages through the sandbox.
 * Needs node and npm on PATH and the npm registry for the first install; skipped without node/npm.
 */
class KomboSdkCompatibilityTest {

    private static final String ACME = "workday:SdkAcme0000000000000001";
    private static KomboSandbox sandbox;

    @BeforeAll
    static void installSdk() throws Exception {
        OfficialSdk.install();
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 6_000).deletedEvery(17).build()).start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void official_sdk_pages_through_every_record_including_deleted_ones_nulls_and_absent_fields() throws Exception {
        OfficialSdk.Result result = pageAll(sandbox, null);

        assertThat(result.exitCode()).as("SDK run: %s", result.output()).isZero();
        JsonNode counts = SandboxHttp.MAPPER.readTree(result.lastLine());
        assertThat(counts.get("count").asInt()).isEqualTo(sandbox.store().visibleCount(ACME, true)).isEqualTo(6_000);
        assertThat(counts.get("deleted").asInt()).isEqualTo(6_000 / 17);
        assertThat(counts.get("pages").asInt()).isEqualTo(24);
        assertThat(counts.get("nullOutcomes").asInt()).as("records with a null application.outcome").isPositive();
        assertThat(counts.get("absentLocations").asInt()).isEqualTo(6_000 / SchemaCoverage.PERIOD);
    }

    @Test
    void official_sdk_refuses_an_outcome_outside_its_enum_which_is_why_schema_drift_is_off_by_default()
            throws Exception {
        try (KomboSandbox drifting = new KomboSandbox(SandboxSettings.builder().integration(ACME, 250)
                .schemaDrift(true).build()).start()) {
            OfficialSdk.Result result = pageAll(drifting, null);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("outcome", SchemaCoverage.DRIFT_ENUM_VALUE);
        }
    }

    @Test
    void official_sdk_sees_only_changes_after_updated_after() throws Exception {
        Instant syncStart = Instant.now();
        List<String> touched = sandbox.store().touch(ACME, 5);

        OfficialSdk.Result result = pageAll(sandbox, syncStart);

        assertThat(result.exitCode()).as("SDK run: %s", result.output()).isZero();
        assertThat(SandboxHttp.MAPPER.readTree(result.lastLine()).get("count").asInt()).isEqualTo(touched.size());
    }

    private static OfficialSdk.Result pageAll(KomboSandbox sandbox, Instant updatedAfter) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("KOMBO_BASE_URL", sandbox.baseUrl(),
                "KOMBO_API_KEY", sandbox.settings().apiKey(), "KOMBO_INTEGRATION_ID", ACME));
        if (updatedAfter != null) {
            env.put("KOMBO_UPDATED_AFTER", updatedAfter.toString());
        }
        return OfficialSdk.run(List.of("node", "page-all.mjs"), env, 120);
    }
}
