package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Kombo's official TypeScript SDK (which validates responses strictly) pages through the sandbox.
 * Needs node and npm on PATH and the npm registry for the first install; skipped without node/npm.
 */
class KomboSdkCompatibilityTest {

    private static final String SDK_VERSION = "1.1.3";
    private static final String ACME = "workday:SdkAcme0000000000000001";
    private static final Path SOURCE = Paths.get("src/test/sdk");
    private static final Path WORK = Paths.get("target/sdk-check");
    private static KomboSandbox sandbox;

    @BeforeAll
    static void installSdk() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the SDK check");
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path installed = WORK.resolve("node_modules/@kombo-api/sdk/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + SDK_VERSION + "\"")) {
            Result install = run(List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), 300);
            assertThat(install.exitCode()).as("npm install: %s", install.output()).isZero();
        }
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
        Result result = pageAll(sandbox, null);

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
            Result result = pageAll(drifting, null);

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("outcome", SchemaCoverage.DRIFT_ENUM_VALUE);
        }
    }

    @Test
    void official_sdk_sees_only_changes_after_updated_after() throws Exception {
        Instant syncStart = Instant.now();
        List<String> touched = sandbox.store().touch(ACME, 5);

        Result result = pageAll(sandbox, syncStart);

        assertThat(result.exitCode()).as("SDK run: %s", result.output()).isZero();
        assertThat(SandboxHttp.MAPPER.readTree(result.lastLine()).get("count").asInt()).isEqualTo(touched.size());
    }

    private static Result pageAll(KomboSandbox sandbox, Instant updatedAfter) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("KOMBO_BASE_URL", sandbox.baseUrl(),
                "KOMBO_API_KEY", sandbox.settings().apiKey(), "KOMBO_INTEGRATION_ID", ACME));
        if (updatedAfter != null) {
            env.put("KOMBO_UPDATED_AFTER", updatedAfter.toString());
        }
        return run(List.of("node", "page-all.mjs"), env, 120);
    }

    private record Result(int exitCode, String output) {
        String lastLine() {
            List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as("JSON line in %s", output).isNotEmpty();
            return lines.get(lines.size() - 1);
        }
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        File log = Files.createTempFile(WORK, "run", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        Files.delete(log.toPath());
        return new Result(finished ? process.exitValue() : -1, output);
    }

    private static boolean onPath(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
