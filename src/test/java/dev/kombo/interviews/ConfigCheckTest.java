package dev.kombo.interviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --check}: the shipped configuration passes and prints the pipeline without starting anything; broken
 * ones fail with every problem named. In-process through {@link ConfigCheck}, plus one run of the real
 * command line in a separate JVM.
 */
class ConfigCheckTest {

    private final Path work = Path.of("target", "test-work", "config-check-" + UUID.randomUUID()).toAbsolutePath();

    private record Result(int exit, String output) {
    }

    private static Result check(String location, Properties overrides) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ConfigCheck.run(location, overrides, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The shipped configuration with {@code set} applied and the {@code removed} keys taken out. */
    private String config(Map<String, String> set, List<String> removed) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
            if (!removed.contains(key) && !set.containsKey(key)) {
                lines.add(line);
            }
        }
        set.forEach((key, value) -> lines.add(key + " = " + value));
        Files.createDirectories(work);
        Path file = Files.write(work.resolve("config-" + UUID.randomUUID() + ".properties"), lines);
        return "file:" + file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void the_shipped_config_passes_prints_both_pipelines_and_starts_nothing() throws Exception {
        Map<String, Integer> ports = Map.of("kombo.sandbox.port", freePort(), "jms.broker.embedded.port", freePort(),
                "demo.sftp-server.port", freePort(), "kombo.http.port", freePort(), "kombo.management.port", freePort());
        Properties overrides = new Properties();
        ports.forEach((key, port) -> overrides.setProperty(key, String.valueOf(port)));
        overrides.setProperty("kombo.sink.sftp.port", String.valueOf(ports.get("demo.sftp-server.port")));
        // every folder the bundle writes to, below one that must not come into existence
        for (String key : List.of("kombo.sync.state-dir", "kombo.sync.dead-letter-dir", "kombo.sink.file.folder",
                "jms.broker.embedded.data-dir", "demo.sftp-server.root", "demo.examples-dir",
                "kombo.update.file.inbox", "kombo.update.file.done", "kombo.update.file.failed")) {
            overrides.setProperty(key, work.resolve(key).toString());
        }
        overrides.setProperty("kombo.sink.sftp.known-hosts-file", work.resolve("known_hosts").toString());

        Result result = check(Application.DEFAULT_CONFIG, overrides);

        String sandbox = "GET http://127.0.0.1:" + ports.get("kombo.sandbox.port") + "/v1/ats/interviews";
        String schedule = "updated_after=(no watermark: full sync) every '0 0/15 * * * ?' and at start-up";
        String file = "file(" + work.resolve("kombo.sink.file.folder") + ", ndjson)";
        String http = "http://127.0.0.1:" + ports.get("kombo.http.port");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("  acme (X-Integration-Id sandbox:acme-greenhouse): " + sandbox
                        + " page_size=250 include_deleted=true " + schedule + " -> sinks " + file + ", sftp(kombo@127.0.0.1:"
                        + ports.get("demo.sftp-server.port") + "/interviews, ndjson), jms(kombo.interviews)\n")
                .contains("  globex (X-Integration-Id sandbox:globex-workday): " + sandbox
                        + " page_size=250 include_deleted=true " + schedule + " -> sinks " + file + ", jms(kombo.interviews)\n")
                .contains("  update-http: PATCH " + http + "/ats/applications/{application_id}/interviews (auth none)")
                .contains("  sync-trigger-http: POST " + http + "/sync/{integration} (auth none)")
                .contains("  update-file: file:" + work.resolve("kombo.update.file.inbox"))
                .contains("  update-jms: jms:queue:kombo.interview-updates")
                .contains("inbound (JMS broker tcp://127.0.0.1:" + ports.get("jms.broker.embedded.port") + ")")
                .doesNotContain("problem")
                .endsWith("OK\n");
        assertThat(ports.values()).as("no sandbox, broker, SFTP, HTTP or management server").allMatch(ConfigCheckTest::free);
        assertThat(work).as("nothing written").doesNotExist();
    }

    @Test
    void prints_where_each_integration_resumes() throws Exception {
        Path state = Files.createDirectories(work.resolve("state"));
        Files.writeString(state.resolve("acme.watermark"), "2026-11-25T10:00:00.512Z\n");
        Properties overrides = new Properties();
        overrides.setProperty("kombo.sync.state-dir", state.toString());

        String output = check(Application.DEFAULT_CONFIG, overrides).output();

        assertThat(output).contains("acme (X-Integration-Id sandbox:acme-greenhouse): GET ")
                .contains(" updated_after=2026-11-25T10:00:00.512Z every")
                .contains(" updated_after=(no watermark: full sync) every");
    }

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                arguments("a bad cron", Map.of("kombo.sync.cron", "0 0/15 * *"), List.of(),
                        "kombo.sync.cron='0 0/15 * *' is not a valid Quartz cron expression"),
                arguments("page_size 500", Map.of("kombo.integration.globex.page-size", "500"), List.of(),
                        "kombo.integration.globex.page-size=500 is outside Kombo's 1..250"),
                arguments("an error policy missing a code", Map.of(), List.of("kombo.error-policy.code.ATS.JOB_CLOSED"),
                        "Kombo error policy: no action for kombo.error-policy.code.ATS.JOB_CLOSED"),
                arguments("an unknown sink", Map.of("kombo.integration.acme.sinks", "file,s3"), List.of(),
                        "integration acme delivers to sink 's3', but no route starts from direct:sink-s3"),
                arguments("a placeholder of a route that does not resolve", Map.of(),
                        List.of("kombo.update.jms.consumers"),
                        "routes/update-jms.camel.yaml (route update-jms): {{kombo.update.jms.consumers}} is not set"),
                arguments("a placeholder of a property that does not resolve", Map.of(), List.of("kombo.management.port"),
                        ".properties: camel.management.port: {{kombo.management.port}} is not set"),
                arguments("SFTP without its known_hosts file", Map.of("demo.sftp-server.enabled", "false",
                        "kombo.sink.sftp.private-key-file", "config/application.properties",
                        "kombo.sink.sftp.known-hosts-file", "no/such/known_hosts"), List.of(),
                        "kombo.sink.sftp.known-hosts-file=no/such/known_hosts does not exist"),
                arguments("an SFTP round-trip switch that is not a boolean", Map.of("kombo.sink.sftp.stepwise", "often"),
                        List.of(), "kombo.sink.sftp.stepwise=often is neither true nor false"),
                arguments("an external broker without a URL", Map.of("jms.broker.embedded", "false"),
                        List.of("jms.broker.url"), "jms.broker.url is not set (JMS_BROKER_URL)"),
                arguments("bearer auth without a token", Map.of("kombo.inbound.auth", "bearer"), List.of(),
                        "kombo.inbound.auth.token must be set"),
                arguments("a setting read into the typed settings", Map.of("kombo.sync.invalid-records", "sometimes"),
                        List.of(), "kombo.sync.invalid-records: 'sometimes' is not one of [dead-letter, fail, deliver]"),
                arguments("a wrong number", Map.of("kombo.update.http.deadline-ms", "soon"), List.of(),
                        "kombo.update.http.deadline-ms=soon is not a whole number"),
                arguments("an unknown cluster type", Map.of("kombo.cluster.type", "consul"), List.of(),
                        "kombo.cluster.type is 'consul': it must be none, file, kubernetes or zookeeper"),
                arguments("zookeeper without its ensemble", Map.of("kombo.cluster.type", "zookeeper"), List.of(),
                        "leadership (kombo.cluster.*) could not be set up: property kombo.cluster.zookeeper.nodes is not set"),
                arguments("a relative zookeeper base path", Map.of("kombo.cluster.type", "zookeeper",
                        "kombo.cluster.zookeeper.nodes", "zk1:2181", "kombo.cluster.zookeeper.base-path", "kombo"),
                        List.of(), "kombo.cluster.zookeeper.base-path is 'kombo': it must be an absolute ZooKeeper path"));
    }

    @Test
    void a_zookeeper_cluster_passes_without_connecting_to_it() throws Exception {
        // nothing listens there: the check builds the ZooKeeper client but never starts it
        String config = config(Map.of("kombo.cluster.type", "zookeeper", "kombo.cluster.replicas", "3",
                "kombo.cluster.zookeeper.nodes", "127.0.0.1:" + freePort() + ",127.0.0.1:" + freePort()), List.of());

        Result result = check(config, new Properties());

        assertThat(result.exit()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).endsWith("OK\n");
    }

    @Test
    void a_missing_api_key_is_reported_and_a_present_one_never_printed() throws Exception {
        String config = config(Map.of("kombo.sandbox.enabled", "false",
                "kombo.integration.globex.api-key", "globex-key-never-printed"), List.of("kombo.api-key"));

        Result result = check(config, new Properties());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("problem: no API key for integration 'acme'")
                .doesNotContain("integration 'globex'").doesNotContain("globex-key-never-printed")
                .endsWith("FAILED: 1 problem(s)\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void a_broken_config_fails_naming_the_problem(String what, Map<String, String> set, List<String> removed,
            String problem) throws Exception {
        Result result = check(config(set, removed), new Properties());

        assertThat(result.exit()).as(result.output()).isEqualTo(1);
        assertThat(result.output().lines()).anyMatch(line -> line.startsWith("problem: ") && line.contains(problem));
        assertThat(result.output()).endsWith("FAILED: 1 problem(s)\n");
    }

    @Test
    void every_problem_is_reported_together() throws Exception {
        Path extraRoutes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(extraRoutes.resolve("archive.camel.yaml"), """
                - route:
                    from:
                      uri: "file:{{kombo.archive.folder}}"
                      steps:
                        - to: direct:kombo-update
                """);
        String config = config(Map.of("kombo.sync.cron", "0 0/15 * *", "kombo.integration.globex.page-size", "500",
                "kombo.integration.acme.sinks", "file,s3",
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + extraRoutes + "/*.camel.yaml"),
                List.of("kombo.error-policy.code.ATS.JOB_CLOSED", "kombo.update.jms.consumers", "kombo.management.port"));

        Result result = check(config, new Properties());

        assertThat(result.exit()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("problem: kombo.sync.cron='0 0/15 * *' is not a valid Quartz cron expression")
                .contains("problem: kombo.integration.globex.page-size=500 is outside Kombo's 1..250")
                .contains("problem: Kombo error policy: no action for kombo.error-policy.code.ATS.JOB_CLOSED")
                .contains("problem: integration acme delivers to sink 's3', but no route starts from direct:sink-s3")
                .contains("problem: routes/update-jms.camel.yaml (route update-jms): {{kombo.update.jms.consumers}} is not set")
                .contains("camel.management.port: {{kombo.management.port}} is not set")
                .contains("archive.camel.yaml: the route from file:{{kombo.archive.folder}} has no id")
                .contains("archive.camel.yaml (route without id): {{kombo.archive.folder}} is not set")
                .endsWith("FAILED: 8 problem(s)\n");
    }

    @Test
    void the_command_line_exits_0_on_the_shipped_config_and_1_on_a_broken_one() throws Exception {
        // the project as deployed, in a folder of its own: relative folders (work/...) land there if anything writes
        Path project = Files.createDirectories(work.resolve("project"));
        Files.createDirectories(project.resolve("config"));
        Files.copy(Path.of("config/application.properties"), project.resolve("config/application.properties"));
        Files.createDirectories(project.resolve("routes"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, project.resolve("routes").resolve(route.getFileName()));
            }
        }
        Files.writeString(project.resolve("config/broken.properties"),
                Files.readString(project.resolve("config/application.properties")) + "\nkombo.sync.cron = 0 0/15 * *\n");

        Result shipped = runJvm(project, "--check");
        Result broken = runJvm(project, "--check", "--config=file:config/broken.properties");

        assertThat(shipped.exit()).as(shipped.output()).isZero();
        assertThat(shipped.output()).contains("  acme (X-Integration-Id sandbox:acme-greenhouse): GET ")
                .contains("  globex (X-Integration-Id sandbox:globex-workday): GET ").endsWith("OK\n");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output())
                .contains("problem: kombo.sync.cron='0 0/15 * *' is not a valid Quartz cron expression")
                .endsWith("FAILED: 1 problem(s)\n");
        assertThat(project.resolve("work")).as("nothing written").doesNotExist();
    }

    private static Result runJvm(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("--check ends by itself").isTrue();
        return new Result(process.exitValue(), output);
    }
}
