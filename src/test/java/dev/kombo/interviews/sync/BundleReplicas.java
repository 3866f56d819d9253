package dev.kombo.interviews.sync;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.RequestLog;
import dev.kombo.interviews.sandbox.SandboxSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * Bundle replicas as separate JVMs (a crash is a real SIGKILL, a stop a real SIGTERM) around the services they
 * share: one Kombo sandbox, one Artemis broker and one state folder. Each replica writes the file sink into its
 * own folder, so what a replica synced can be told apart; the cluster type is the caller's.
 */
final class BundleReplicas implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "replicas-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "broker-" + UUID.randomUUID();

    private final Path work;
    private final List<String> integrations;
    private final KomboSandbox sandbox;
    private final EmbeddedBroker broker;
    private final Map<String, ChildProcess> replicas = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();

    BundleReplicas(String name, List<String> integrations, int records) throws Exception {
        this.work = Files.createDirectories(Path.of("target/test-work/" + name + "-" + UUID.randomUUID())
                .toAbsolutePath());
        this.integrations = integrations;
        SandboxSettings.Builder settings = SandboxSettings.builder().port(0).apiKey(API_KEY);
        integrations.forEach(integration -> settings.integration(id(integration), records));
        sandbox = new KomboSandbox(settings.build()).start();
        broker = new EmbeddedBroker(work.resolve("broker"), "127.0.0.1", freePort(), "kombo", BROKER_PASSWORD);
        broker.start();
    }

    /** Starts replica {@code node} with the cluster settings and extra environment given; returns at once. */
    ChildProcess start(String node, Map<String, String> cluster, Map<String, String> environment) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(cluster);
        props.put("kombo.cluster.node-id", node);
        props.put("kombo.sync.state-dir", work.resolve("shared/state").toString());
        props.put("kombo.sync.dead-letter-dir", work.resolve("shared/dead-letter").toString());
        props.put("kombo.sync.cron", "0 0 0 1 1 ? 2099"); // only leadership starts a sync
        props.put("kombo.sync.startup-delay-ms", "0");
        props.put("kombo.sandbox.enabled", "false");
        props.put("demo.sftp-server.enabled", "false");
        props.put("kombo.base-url", sandbox.baseUrl());
        props.put("kombo.integrations", String.join(",", integrations));
        for (String integration : integrations) {
            props.put("kombo.integration." + integration + ".id", id(integration));
            props.put("kombo.integration." + integration + ".sinks", "file");
        }
        Path own = work.resolve(node);
        props.put("kombo.sink.file.folder", own.resolve("out").toString());
        props.put("kombo.update.file.inbox", own.resolve("updates/inbox").toString());
        props.put("kombo.update.file.done", own.resolve("updates/done").toString());
        props.put("kombo.update.file.failed", own.resolve("updates/failed").toString());
        props.put("jms.broker.embedded", "false");
        props.put("jms.broker.url", broker.brokerUrl());
        int httpPort = freePort();
        httpPorts.put(node, httpPort);
        props.put("kombo.http.port", String.valueOf(httpPort));
        int managementPort = freePort();
        managementPorts.put(node, managementPort);
        props.put("kombo.management.port", String.valueOf(managementPort));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m",
                // quicker start-up beside other JVMs on two cores: the replicas' start-up skew eats the standby delay
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        Map<String, String> env = new HashMap<>(environment);
        env.put("KOMBO_API_KEY", API_KEY);
        env.put("JMS_BROKER_PASSWORD", BROKER_PASSWORD);
        ChildProcess replica = ChildProcess.start(command, Path.of("").toAbsolutePath(), env,
                own.resolve("output.log"));
        replicas.put(node, replica);
        return replica;
    }

    ChildProcess replica(String node) {
        return replicas.get(node);
    }

    /** The port of the replica's HTTP endpoints (updates, POST /sync, resume). */
    int httpPort(String node) {
        return httpPorts.get(node);
    }

    /** The port of the replica's health and metrics. */
    int managementPort(String node) {
        return managementPorts.get(node);
    }

    /** Waits until every replica started so far has its Camel context up. */
    void awaitStarted(Duration timeout) throws InterruptedException {
        for (ChildProcess replica : replicas.values()) {
            replica.await(line -> line.contains("Apache Camel") && line.contains("started in"), timeout);
        }
    }

    KomboSandbox sandbox() {
        return sandbox;
    }

    /** A folder every replica shares ({@code state}, {@code dead-letter}, or one for the cluster's locks). */
    Path sharedFolder(String name) {
        return work.resolve("shared").resolve(name);
    }

    /** Whether the integration's first sync has finished (its watermark is in the shared state folder). */
    boolean synced(String integration) {
        return Files.exists(sharedFolder("state").resolve(integration + ".watermark"));
    }

    /** Ids the replica delivered for the integration, with repeats. */
    List<String> delivered(String node, String integration) throws IOException {
        List<String> ids = new ArrayList<>();
        deliveredFiles(node, integration).values().forEach(ids::addAll);
        return ids;
    }

    /** The replica's page files of the integration, each with the ids in it. */
    Map<String, List<String>> deliveredFiles(String node, String integration) throws IOException {
        Path folder = work.resolve(node).resolve("out").resolve(integration);
        Map<String, List<String>> files = new java.util.TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> listed = Files.list(folder)) {
            for (Path file : listed.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
                List<String> ids = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    ids.add(JSON.readTree(line).get("id").asText());
                }
                files.put(file.getFileName().toString(), ids);
            }
        }
        return files;
    }

    /** The first GET for the integration the sandbox received after {@code after}, if any. */
    Optional<Instant> firstGetAfter(String integration, Instant after) {
        return sandbox.requests().recent(10_000).stream()
                .filter(e -> id(integration).equals(e.headers().get("X-Integration-Id")))
                .map(RequestLog.Entry::time).filter(t -> t.isAfter(after)).min(Instant::compareTo);
    }

    static String id(String integration) {
        return "sandbox:" + integration;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (ChildProcess replica : replicas.values()) {
            replica.close();
        }
        broker.close();
        sandbox.close();
    }
}
