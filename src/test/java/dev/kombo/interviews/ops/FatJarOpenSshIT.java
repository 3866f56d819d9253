package dev.kombo.interviews.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.SandboxSettings;

/**
 * The shipped fat jar against a stock OpenSSH server (Debian's sshd, started here on a loopback port): an
 * ed25519 host key only, public-key login, strict host-key checking. JSch offers ssh-ed25519 only from its
 * Java 15+ classes under META-INF/versions/, so this is the run that fails when the jar is not Multi-Release.
 */
class FatJarOpenSshIT {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    /** Privilege separation directory: sshd started as root refuses to run without it. */
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final String ACME_ID = "sandbox:acme-greenhouse";
    /** The figure of the issue: 20 pages, 20 files. */
    private static final int RECORDS = 5_000;
    private static final String API_KEY = "fat-jar-test-" + UUID.randomUUID();

    /** Keys, sshd_config, known_hosts and the SFTP root: the generated private keys never leave it. */
    @TempDir
    Path secrets;
    /** Logs and the bundle's state, kept for a look after a failure (no secrets in them). */
    private final Path work = Path.of("target", "test-work", "fat-jar-openssh-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void fat_jar_delivers_to_openssh_with_an_ed25519_host_key() throws Exception {
        assumeTrue(Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN),
                "no " + SSHD + " or " + SSH_KEYGEN + " (Debian package openssh-server): the OpenSSH test is skipped");
        Path fatJar = Path.of(System.getProperty("kombo.fat-jar", "set by failsafe: run mvn verify"));
        assertThat(fatJar).as("the fat jar built in package").isRegularFile();
        Files.createDirectories(work);
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(PRIVSEP_DIR)) {
            Files.createDirectories(PRIVSEP_DIR);
        }

        Path hostKey = keyPair("ssh_host_ed25519_key");
        Path clientKey = keyPair("client_ed25519_key");
        Files.copy(clientKey.resolveSibling(clientKey.getFileName() + ".pub"), secrets.resolve("authorized_keys"));
        Path sftpRoot = Files.createDirectories(secrets.resolve("sftp-root"));
        int port = freePort();
        Path config = Files.writeString(secrets.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1:" + port,
                "HostKey " + hostKey,
                "HostKeyAlgorithms ssh-ed25519",
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "AuthorizedKeysFile " + secrets.resolve("authorized_keys"),
                // -d: relative SFTP paths start here instead of the login user's home
                "Subsystem sftp internal-sftp -d " + sftpRoot,
                ""));
        // the host's key as a client records it for a non-default port
        String[] hostPub = Files.readString(hostKey.resolveSibling(hostKey.getFileName() + ".pub")).trim().split(" ");
        Path knownHosts = Files.writeString(secrets.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + hostPub[0] + " " + hostPub[1] + "\n");

        try (ChildProcess sshd = ChildProcess.start(List.of(SSHD.toString(), "-D", "-e", "-f", config.toString()),
                secrets, Map.of(), work.resolve("sshd.log"));
             KomboSandbox sandbox = new KomboSandbox(SandboxSettings.builder().apiKey(API_KEY)
                     .integration(ACME_ID, RECORDS).build()).start()) {
            sshd.await(line -> line.contains("Server listening on 127.0.0.1 port " + port), Duration.ofSeconds(20));

            try (ChildProcess bundle = runOnce(fatJar, sandbox, port, clientKey, knownHosts)) {
                int exit = bundle.waitFor(Duration.ofMinutes(3));
                assertThat(exit).as("run-once exit code; last lines:%n%s", tail(bundle)).isZero();
            }
            assertThat(sshd.lines()).as("sshd logged the bundle's public-key login")
                    .anyMatch(line -> line.text().startsWith("Accepted publickey for "));
            List<String> delivered = deliveredIds(sftpRoot.resolve("interviews/acme"));
            Set<String> served = new HashSet<>();
            IntStream.range(0, sandbox.store().count(ACME_ID)).forEach(i -> served.add(sandbox.store().interviewId(ACME_ID, i)));
            assertThat(delivered).as("records in the NDJSON files on the OpenSSH side")
                    .hasSize(sandbox.store().visibleCount(ACME_ID, true))
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(served);
        }
    }

    /** {@code java -jar <fat jar> --run-once}, configured as the container is: by environment variables. */
    private ChildProcess runOnce(Path fatJar, KomboSandbox sandbox, int sshPort, Path clientKey, Path knownHosts)
            throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KOMBO_SANDBOX_ENABLED", "false");
        env.put("DEMO_SFTP_SERVER_ENABLED", "false");
        env.put("KOMBO_BASE_URL", sandbox.baseUrl());
        env.put("KOMBO_API_KEY", API_KEY);
        env.put("KOMBO_INTEGRATIONS", "acme");
        env.put("KOMBO_INTEGRATION_ACME_ID", ACME_ID);
        env.put("KOMBO_INTEGRATION_ACME_SINKS", "sftp");
        env.put("KOMBO_SINK_SFTP_HOST", "127.0.0.1");
        env.put("KOMBO_SINK_SFTP_PORT", String.valueOf(sshPort));
        env.put("KOMBO_SINK_SFTP_FOLDER", "interviews");
        env.put("KOMBO_SINK_SFTP_USERNAME", System.getProperty("user.name"));
        env.put("KOMBO_SINK_SFTP_PRIVATE_KEY_FILE", clientKey.toString());
        env.put("KOMBO_SINK_SFTP_KNOWN_HOSTS_FILE", knownHosts.toString());
        env.put("KOMBO_SINK_SFTP_STRICT_HOST_KEY_CHECKING", "yes");
        // a failed handshake fails the run after one retry instead of the production back-off
        env.put("KOMBO_SINK_RETRY_MAX_ATTEMPTS", "2");
        env.put("KOMBO_SYNC_STARTUP_DELAY_MS", "0");
        env.put("KOMBO_SYNC_STATE_DIR", work.resolve("state").toString());
        env.put("KOMBO_SYNC_DEAD_LETTER_DIR", work.resolve("dead-letter").toString());
        env.put("KOMBO_SINK_FILE_FOLDER", work.resolve("out").toString());
        env.put("KOMBO_UPDATE_FILE_INBOX", work.resolve("updates/inbox").toString());
        env.put("KOMBO_UPDATE_FILE_DONE", work.resolve("updates/done").toString());
        env.put("KOMBO_UPDATE_FILE_FAILED", work.resolve("updates/failed").toString());
        env.put("JMS_BROKER_EMBEDDED_PORT", "0");
        env.put("JMS_BROKER_EMBEDDED_DATA_DIR", work.resolve("broker").toString());
        env.put("KOMBO_HTTP_PORT", String.valueOf(freePort()));
        env.put("KOMBO_MANAGEMENT_PORT", String.valueOf(freePort()));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", fatJar.toString(), "--run-once");
        // from the project folder, as the README runs it: config/ and routes/ are read from there
        return ChildProcess.start(command, Path.of("").toAbsolutePath(), env, work.resolve("bundle.log"));
    }

    /** An ed25519 key pair made by OpenSSH's own ssh-keygen, without passphrase; returns the private key. */
    private Path keyPair(String name) throws Exception {
        Path key = secrets.resolve(name);
        ChildProcess keygen = ChildProcess.start(List.of(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "",
                "-C", name, "-f", key.toString()), secrets, Map.of(), work.resolve("ssh-keygen-" + name + ".log"));
        assertThat(keygen.waitFor(Duration.ofSeconds(30))).as("ssh-keygen %s: %s", name, keygen.lines()).isZero();
        return key;
    }

    /** The id of every record in every NDJSON file below {@code folder}. */
    private static List<String> deliveredIds(Path folder) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                assertThat(file.getFileName().toString()).as("only complete files, no temporary upload left").endsWith(".ndjson");
                for (String line : Files.readAllLines(file)) {
                    ids.add(mapper.readTree(line).path("id").asText());
                }
            }
        }
        return ids;
    }

    private static String tail(ChildProcess process) {
        List<ChildProcess.Line> lines = process.lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                .map(ChildProcess.Line::text).toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
