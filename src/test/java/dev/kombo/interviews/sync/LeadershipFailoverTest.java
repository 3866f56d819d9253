package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.RequestLog;
import dev.kombo.interviews.sandbox.SandboxSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * Two bundle JVMs sharing a state folder, a lock folder and an Artemis broker (kombo.cluster.type=file):
 * every integration is synced by exactly one of them, the integrations spread over both, and when the leader
 * of a running sync is killed the other takes over and finishes the same run from the shared checkpoint,
 * with nothing lost and nothing delivered twice beyond the page that was in flight.
 */
class LeadershipFailoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTEGRATIONS = List.of("alpha", "bravo", "charlie", "delta");
    private static final int RECORDS = 6000;
    private static final long STANDBY_DELAY_MS = 5000;
    private static final int PAGE = 250;
    private static final String API_KEY = "failover-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "broker-" + UUID.randomUUID();

    private Path work;
    private KomboSandbox sandbox;
    private EmbeddedBroker broker;
    private final Map<String, ChildProcess> replicas = new LinkedHashMap<>();

    @BeforeEach
    void sharedServices() throws Exception {
        work = Files.createDirectories(Path.of("target/test-work/failover-" + UUID.randomUUID()).toAbsolutePath());
        SandboxSettings.Builder settings = SandboxSettings.builder().port(0).apiKey(API_KEY).latencyPerPageMs(400);
        INTEGRATIONS.forEach(name -> settings.integration(id(name), RECORDS));
        sandbox = new KomboSandbox(settings.build()).start();
        broker = new EmbeddedBroker(work.resolve("broker"), "127.0.0.1", freePort(), "kombo", BROKER_PASSWORD);
        broker.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (ChildProcess replica : replicas.values()) {
            replica.close();
        }
        broker.close();
        sandbox.close();
    }

    @Test
    void each_integration_has_one_leader_and_a_killed_leaders_run_is_finished_by_the_other_replica() throws Exception {
        // started together, as a Deployment would: alpha and charlie (positions 0 and 2) are replica-0's,
        // bravo and delta replica-1's; each would take the other's only after the standby delay
        start("replica-0");
        start("replica-1");
        for (ChildProcess replica : replicas.values()) {
            replica.await(line -> line.contains("Apache Camel") && line.contains("started in"), Duration.ofSeconds(60));
        }
        Instant allStarted = Instant.now();

        // kill replica-0 in the middle of alpha's run, once replica-1 competes for every integration
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpointPages("alpha") >= 2
                && Duration.between(allStarted, Instant.now()).toMillis() > STANDBY_DELAY_MS + 500);
        assertThat(Files.exists(work.resolve("shared/state/alpha.watermark"))).as("alpha still running").isFalse();
        Instant killed = Instant.now();
        replicas.get("replica-0").kill();

        await().atMost(Duration.ofSeconds(90)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> Files.exists(work.resolve("shared/state/" + name + ".watermark"))));

        // every integration's records: all delivered, by exactly one replica unless a hand-over happened
        for (String name : INTEGRATIONS) {
            List<String> byZero = ids("replica-0", name);
            List<String> byOne = ids("replica-1", name);
            Set<String> all = new HashSet<>(byZero);
            all.addAll(byOne);
            assertThat(all).as(name + ": nothing lost").isEqualTo(sandboxIds(name));
            int twice = byZero.size() + byOne.size() - all.size();
            assertThat(twice).as(name + ": delivered twice at most the page in flight").isLessThanOrEqualTo(PAGE);
            if (name.equals("bravo") || name.equals("delta")) {
                assertThat(byZero).as(name + " is replica-1's: replica-0 never synced it").isEmpty();
            }
        }
        // the kill happened mid-run: replica-0 had delivered part of alpha, replica-1 finished the same run
        assertThat(ids("replica-0", "alpha")).isNotEmpty().hasSizeLessThan(RECORDS);
        assertThat(ids("replica-1", "alpha")).isNotEmpty();
        assertThat(runIds("replica-1", "alpha")).as("the same run, resumed").isEqualTo(runIds("replica-0", "alpha"));
        Instant takenOver = firstGetAfter(id("alpha"), killed);
        System.out.println("FIGURES hand-over: first GET by the new leader "
                + Duration.between(killed, takenOver).toMillis() + " ms after the leader was killed "
                + "(lock interval 300 ms)");
    }

    private void start(String node) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.cluster.type", "file");
        props.put("kombo.cluster.node-id", node);
        props.put("kombo.cluster.replicas", "2");
        props.put("kombo.cluster.standby-delay-ms", String.valueOf(STANDBY_DELAY_MS));
        props.put("kombo.cluster.file.lock-interval-ms", "300");
        props.put("kombo.cluster.file.root", work.resolve("shared/cluster").toString());
        props.put("kombo.sync.state-dir", work.resolve("shared/state").toString());
        props.put("kombo.sync.dead-letter-dir", work.resolve("shared/dead-letter").toString());
        props.put("kombo.sync.cron", "0 0 0 1 1 ? 2099");
        props.put("kombo.sync.startup-delay-ms", "0");
        props.put("kombo.sandbox.enabled", "false");
        props.put("demo.sftp-server.enabled", "false");
        props.put("kombo.base-url", sandbox.baseUrl());
        props.put("kombo.integrations", String.join(",", INTEGRATIONS));
        for (String name : INTEGRATIONS) {
            props.put("kombo.integration." + name + ".id", id(name));
            props.put("kombo.integration." + name + ".sinks", "file");
        }
        Path own = work.resolve(node);
        props.put("kombo.sink.file.folder", own.resolve("out").toString());
        props.put("kombo.update.file.inbox", own.resolve("updates/inbox").toString());
        props.put("kombo.update.file.done", own.resolve("updates/done").toString());
        props.put("kombo.update.file.failed", own.resolve("updates/failed").toString());
        props.put("jms.broker.embedded", "false");
        props.put("jms.broker.url", broker.brokerUrl());
        props.put("kombo.http.port", String.valueOf(freePort()));
        props.put("kombo.management.port", String.valueOf(freePort()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        Map<String, String> env = new HashMap<>();
        env.put("KOMBO_API_KEY", API_KEY);
        env.put("JMS_BROKER_PASSWORD", BROKER_PASSWORD);
        replicas.put(node, ChildProcess.start(command, Path.of("").toAbsolutePath(), env, own.resolve("output.log")));
    }

    private int checkpointPages(String name) {
        Path checkpoint = work.resolve("shared/state/" + name + ".checkpoint");
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(checkpoint)) {
            p.load(in);
            return Integer.parseInt(p.getProperty("pages_done", "0"));
        } catch (IOException e) {
            return 0; // not written yet, or replaced while read
        }
    }

    /** Ids the replica wrote for the integration, with repeats (a page written by both counts twice). */
    private List<String> ids(String node, String name) throws IOException {
        Path folder = work.resolve(node).resolve("out").resolve(name);
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(JSON.readTree(line).get("id").asText());
                }
            }
        }
        return ids;
    }

    private Set<String> runIds(String node, String name) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve(node).resolve("out").resolve(name))) {
            return new HashSet<>(files.map(f -> f.getFileName().toString().replaceAll("^interviews-(.*)-p\\d+.*$", "$1"))
                    .toList());
        }
    }

    private Set<String> sandboxIds(String name) {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, RECORDS).forEach(i -> ids.add(sandbox.store().interviewId(id(name), i)));
        return ids;
    }

    private Instant firstGetAfter(String integrationId, Instant after) {
        return sandbox.requests().recent(10_000).stream()
                .filter(e -> integrationId.equals(e.headers().get("X-Integration-Id")))
                .map(RequestLog.Entry::time).filter(t -> t.isAfter(after)).min(Instant::compareTo).orElseThrow();
    }

    private static String id(String name) {
        return "sandbox:" + name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
