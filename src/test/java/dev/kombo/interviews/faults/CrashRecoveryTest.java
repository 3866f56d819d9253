package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.sandbox.InterviewStore;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.SandboxSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * The bundle killed (SIGKILL, {@code destroyForcibly}) in the middle of a run-once sync, several times, then
 * restarted on the same folders, broker journal and sandbox seed until a run completes: nothing lost, files
 * never torn, the watermark only after the complete run, each interview version once on the queue.
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "sandbox:acme-greenhouse";
    private static final int RECORDS = 4000;
    private static final int PAGES = RECORDS / 250;
    private static final String BROKER_PASSWORD = "crash-test-broker-password";
    private static final Pattern PAGE_FILE = Pattern.compile("interviews-(.+)-p(\\d{5})(\\.deleted)?\\.ndjson");

    private final Path work = Path.of("target", "test-work", "crash-" + UUID.randomUUID()).toAbsolutePath();
    private int starts;

    private Process start() throws IOException {
        starts++;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Application.class.getName(), "--run-once");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("bundle-" + starts + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KOMBO_HTTP_PORT", String.valueOf(freePort()));
        env.put("KOMBO_MANAGEMENT_PORT", String.valueOf(freePort()));
        env.put("KOMBO_SANDBOX_PORT", "0");
        env.put("KOMBO_SANDBOX_SEED", "42");
        env.put("KOMBO_SANDBOX_RECORDS_PER_INTEGRATION", String.valueOf(RECORDS));
        env.put("KOMBO_SANDBOX_LATENCY_PER_PAGE_MS", "150");
        env.put("KOMBO_INTEGRATIONS", "acme");
        env.put("KOMBO_INTEGRATION_ACME_SINKS", "file,jms");
        env.put("JMS_BROKER_EMBEDDED_PORT", "0");
        env.put("JMS_BROKER_EMBEDDED_DATA_DIR", work.resolve("broker").toString());
        env.put("JMS_BROKER_PASSWORD", BROKER_PASSWORD);
        env.put("DEMO_SFTP_SERVER_ENABLED", "false");
        env.put("DEMO_EXAMPLES_DIR", work.resolve("demo").toString());
        env.put("KOMBO_SINK_FILE_FOLDER", work.resolve("out").toString());
        env.put("KOMBO_SYNC_STATE_DIR", work.resolve("state").toString());
        env.put("KOMBO_SYNC_DEAD_LETTER_DIR", work.resolve("dead-letter").toString());
        env.put("KOMBO_UPDATE_FILE_INBOX", work.resolve("updates/inbox").toString());
        env.put("KOMBO_UPDATE_FILE_DONE", work.resolve("updates/done").toString());
        env.put("KOMBO_UPDATE_FILE_FAILED", work.resolve("updates/failed").toString());
        return builder.start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path sink() {
        return work.resolve("out").resolve("acme");
    }

    private Path watermark() {
        return work.resolve("state").resolve("acme.watermark");
    }

    private List<String> names() {
        if (!Files.isDirectory(sink())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sink())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            // a file renamed while listing: try again at the next poll
            return List.of();
        }
    }

    /** Page numbers with a complete (final-name) file. */
    private Set<Integer> pagesWritten() {
        Set<Integer> pages = new TreeSet<>();
        for (String name : names()) {
            Matcher m = PAGE_FILE.matcher(name);
            if (m.matches()) {
                pages.add(Integer.parseInt(m.group(2)));
            }
        }
        return pages;
    }

    private void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static Set<String> sandboxIds() {
        KomboSandbox sandbox = new KomboSandbox(SandboxSettings.builder().seed(42).integration(ACME, RECORDS).build());
        InterviewStore store = sandbox.store();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < store.count(ACME); i++) {
            ids.add(store.interviewId(ACME, i));
        }
        return ids;
    }

    @Test
    void killed_three_times_mid_run_the_restarted_bundle_delivers_every_interview_once_with_no_torn_file()
            throws Exception {
        Files.createDirectories(work);
        long began = System.nanoTime();
        List<String> killedAt = new ArrayList<>();

        // 1: killed after 4 pages
        Process first = start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> pagesWritten().size() >= 4 || !first.isAlive());
        assertThat(first.isAlive()).as("still running after 4 pages").isTrue();
        kill(first);
        killedAt.add("after " + pagesWritten().size() + " pages");
        assertThat(watermark()).doesNotExist();

        // 2: restarted, killed after 10 pages
        Process second = start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> pagesWritten().size() >= 10 || !second.isAlive());
        assertThat(second.isAlive()).as("still running after 10 pages").isTrue();
        kill(second);
        killedAt.add("after " + pagesWritten().size() + " pages");
        assertThat(watermark()).doesNotExist();

        // 3: restarted, killed as soon as the last page's file exists (the watermark should not, yet)
        Process third = start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                .until(() -> pagesWritten().contains(PAGES) || !third.isAlive());
        boolean watermarkBeforeKill = Files.exists(watermark());
        kill(third);
        killedAt.add("at last page file, watermark " + (watermarkBeforeKill ? "already written" : "not yet written"));

        // 4: restarted, runs to the end
        Process fourth = start();
        assertThat(fourth.waitFor(120, TimeUnit.SECONDS)).as("run-once ends by itself").isTrue();
        String log = Files.readString(work.resolve("bundle-" + starts + ".log"));
        assertThat(fourth.exitValue()).as(log).isZero();
        long tookMs = (System.nanoTime() - began) / 1_000_000;
        assertThat(watermark()).exists();
        assertThat(work.resolve("state/acme.checkpoint")).doesNotExist();
        String secondLog = Files.readString(work.resolve("bundle-2.log"));
        assertThat(secondLog).as("the restart resumed the interrupted run").contains("resuming the interrupted run");

        // files: every line of every final-name file is JSON, temp files only under .inprogress- names
        List<String> ids = new ArrayList<>();
        Set<String> runIds = new HashSet<>();
        List<String> leftovers = new ArrayList<>();
        for (String name : names()) {
            if (name.startsWith(".")) {
                assertThat(name).startsWith(".inprogress-");
                leftovers.add(name);
                continue;
            }
            Matcher m = PAGE_FILE.matcher(name);
            assertThat(m.matches()).as(name).isTrue();
            runIds.add(m.group(1));
            for (String line : Files.readAllLines(sink().resolve(name))) {
                JsonNode record = JSON.readTree(line); // throws on a torn line
                ids.add(record.get("id").asText());
            }
        }
        Set<String> expected = sandboxIds();
        assertThat(expected).hasSize(RECORDS);
        assertThat(new HashSet<>(ids)).as("0 lost").isEqualTo(expected);
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        long duplicated = counts.values().stream().filter(c -> c > 1).count();
        assertThat(duplicated).as("duplicates bounded by one page").isLessThanOrEqualTo(250);

        // queue: each interview version exactly once
        List<String> versions = new ArrayList<>();
        try (EmbeddedBroker broker = new EmbeddedBroker(work.resolve("broker"), "127.0.0.1", freePort(), "kombo",
                BROKER_PASSWORD)) {
            broker.start();
            try (Connection connection = EmbeddedBroker.connectionFactory(broker.brokerUrl(), "kombo", BROKER_PASSWORD)
                    .createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("kombo.interviews"));
                for (Message m = consumer.receive(5000); m != null; m = consumer.receive(1000)) {
                    JsonNode body = JSON.readTree(((TextMessage) m).getText());
                    versions.add(body.get("id").asText() + "@" + body.get("changed_at").asText());
                }
            }
        }
        Map<String, Integer> versionCounts = new HashMap<>();
        versions.forEach(v -> versionCounts.merge(v, 1, Integer::sum));
        long queueDuplicates = versionCounts.values().stream().filter(c -> c > 1).count();
        Set<String> onQueue = new HashSet<>();
        versionCounts.keySet().forEach(v -> onQueue.add(v.substring(0, v.indexOf('@'))));

        System.out.printf("FIGURES crash: kills %s; starts=%d; records expected=%d; file lines=%d distinct=%d "
                + "duplicated ids=%d; run ids=%s; leftover temp files=%s; queue messages=%d distinct versions=%d "
                + "duplicated versions=%d ids on queue=%d; total %d ms%n", killedAt, starts, RECORDS, ids.size(),
                counts.size(), duplicated, runIds, leftovers, versions.size(), versionCounts.size(), queueDuplicates,
                onQueue.size(), tookMs);
        assertThat(runIds).as("the restarts resumed the same run (same file names)").hasSize(1);
        assertThat(onQueue).as("every interview on the queue").isEqualTo(expected);
        assertThat(queueDuplicates).as("each version once on the queue").isZero();
        assertThat(versions).hasSize(RECORDS);
    }
}
