package dev.kombo.interviews;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Run-once mode as a batch scheduler sees it: a separate JVM started with {@code --run-once}, configured
 * only through environment variables, judged by its exit code.
 */
class RunOnceProcessTest {

    private final Path work = Path.of("target", "test-work", "run-once-" + UUID.randomUUID()).toAbsolutePath();

    private Process start(Map<String, String> extraEnv) throws IOException {
        return start(extraEnv, "--run-once");
    }

    private Process start(Map<String, String> extraEnv, String mode) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Application.class.getName(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("bundle.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KOMBO_SANDBOX_PORT", "0");
        env.put("KOMBO_SANDBOX_RECORDS_PER_INTEGRATION", "600");
        env.put("JMS_BROKER_EMBEDDED_PORT", "0");
        env.put("JMS_BROKER_EMBEDDED_DATA_DIR", work.resolve("broker").toString());
        String sftpPort = String.valueOf(freePort());
        env.put("DEMO_SFTP_SERVER_PORT", sftpPort);
        env.put("KOMBO_HTTP_PORT", String.valueOf(freePort()));
        env.put("KOMBO_MANAGEMENT_PORT", String.valueOf(freePort()));
        env.put("KOMBO_SINK_SFTP_PORT", sftpPort);
        env.put("DEMO_SFTP_SERVER_ROOT", work.resolve("sftp").toString());
        env.put("KOMBO_SINK_SFTP_KNOWN_HOSTS_FILE", work.resolve("known_hosts").toString());
        env.put("KOMBO_SINK_FILE_FOLDER", work.resolve("out").toString());
        env.put("KOMBO_SYNC_STATE_DIR", work.resolve("state").toString());
        env.put("KOMBO_SYNC_DEAD_LETTER_DIR", work.resolve("dead-letter").toString());
        env.putAll(extraEnv);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int exitCode(Process process) throws InterruptedException {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("run-once ends by itself").isTrue();
        return process.exitValue();
    }

    @Test
    void exits_0_after_syncing_every_integration_once() throws Exception {
        Files.createDirectories(work);
        // the SFTP password arrives as a mounted secret file, as in a container
        Path secret = Files.writeString(work.resolve("sftp_password"), "sftp-secret-from-a-file\n");

        int exit = exitCode(start(Map.of("KOMBO_SINK_SFTP_PASSWORD_FILE", secret.toString())));

        String log = Files.readString(work.resolve("bundle.log"));
        assertThat(exit).as(log).isZero();
        assertThat(log).contains("run-once: all 2 integration(s) synced, exiting with 0");
        assertThat(work.resolve("state/acme.watermark")).exists();
        assertThat(work.resolve("state/globex.watermark")).exists();
        assertThat(work.resolve("out/acme").toFile().list()).isNotEmpty();
        assertThat(work.resolve("sftp/home/interviews/acme").toFile().list()).isNotEmpty();
        assertThat(log).doesNotContain("sftp-secret-from-a-file");
    }

    @Test
    void exits_1_naming_the_failed_integration_while_the_other_still_syncs() throws Exception {
        Files.createDirectories(work);

        // globex uses a key the sandbox does not accept: Kombo answers PLATFORM.AUTHENTICATION_INVALID
        Process process = start(Map.of("KOMBO_INTEGRATION_GLOBEX_API_KEY", "revoked-key-for-this-test"));
        int exit = exitCode(process);

        String log = Files.readString(work.resolve("bundle.log"));
        assertThat(exit).as(log).isEqualTo(1);
        assertThat(log).contains("run-once: 1 of 2 integration(s) failed, exiting with 1")
                .contains("globex: SUSPENDED").contains("PLATFORM.AUTHENTICATION_INVALID");
        assertThat(work.resolve("state/acme.watermark")).exists();
        assertThat(work.resolve("state/globex.watermark")).doesNotExist();
        assertThat(log).as("the API key never reaches the log").doesNotContain("revoked-key-for-this-test");
    }

    @Test
    void the_replay_command_delivers_kept_records_and_exits_0_without_syncing() throws Exception {
        Files.createDirectories(work.resolve("dead-letter/acme"));
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.kombo.interviews.kombo.KomboSchemas.spec(dev.kombo.interviews.kombo.KomboSchemas.GET_SPEC)
                        .at("/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/examples/0/results/0")
                        .deepCopy();
        record.put("id", "KEPT-BY-AN-OLDER-BUNDLE");
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("application")).putNull("outcome");
        Files.writeString(work.resolve("dead-letter/acme/rejected-20261101T000000000Z-p00001.ndjson"),
                "{\"reason\":\"application.outcome: does not have a value in the enumeration\",\"integration\":\"acme\","
                        + "\"run\":\"20261101T000000000Z\",\"page\":1,\"record\":" + record + "}\n");

        int exit = exitCode(start(Map.of(), "--replay-dead-letters=acme"));

        String log = Files.readString(work.resolve("bundle.log"));
        assertThat(exit).as(log).isZero();
        assertThat(log).contains("replay: 1 integration(s) replayed; 0 record(s) still kept; exiting with 0");
        assertThat(work.resolve("dead-letter/acme").toFile().list()).isEmpty();
        try (var files = Files.list(work.resolve("out/acme"))) {
            assertThat(files.toList()).singleElement().satisfies(file -> assertThat(Files.readString(file))
                    .isEqualTo(record + "\n"));
        }
        assertThat(work.resolve("state/acme.watermark")).as("nothing was synced").doesNotExist();
    }
}
