package dev.kombo.interviews.bench;

import java.io.IOException;

import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.sink.EmbeddedBroker;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs every benchmark of docs/BENCHMARKS.md in one go, on this machine, and rewrites that file and its plot.
 * Every program runs in its own JVM (or Node): the sandbox, the plain-Java baseline, the bundle as its fat
 * jar, the official SDK, the load generator. Repeated runs are interleaved so that a noisy minute hurts every
 * contender alike; medians are reported.
 * <p>
 * Run with {@code mvn -Pbench verify} (see README). System properties: {@code bench.reps} (default 5),
 * {@code bench.records} (100000), {@code bench.memory-records} (1000000), {@code bench.inbound-seconds} (30).
 */
public final class BenchmarkSuite {

    private static final Pattern SYNC_DONE = Pattern.compile(
            "sync completed: (\\d+) pages, (\\d+) records .* in (\\d+) ms");
    private static final Pattern RESULT = Pattern.compile("^RESULT (.*)$");
    private static final Pattern CAMEL_STARTED = Pattern.compile("Apache Camel .* started in (\\S+) ");
    private static final Pattern PAGE_LOG = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* page (\\d+): \\d+ records");
    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[\\d{4}-\\d\\d-\\d\\dT(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}).*Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final String API_KEY = "bench-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "bench-" + UUID.randomUUID();
    /** The JVM options the bundle ships with (docker/Dockerfile, README): a batch pipeline wants throughput. */
    private static final List<String> BUNDLE_JVM_OPTIONS = List.of("-XX:+UseParallelGC");

    private final Path project = Path.of("").toAbsolutePath();
    private final Path runs = project.resolve("target/bench");
    /** The bundle's working folder: a copy of config/ and routes/, so editing the project cannot change a run. */
    private final Path app = runs.resolve("app");
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    private final Path jar;
    private final int reps = Integer.getInteger("bench.reps", 5);
    private final int records = Integer.getInteger("bench.records", 100_000);
    private final int memoryRecords = Integer.getInteger("bench.memory-records", 1_000_000);
    private final int inboundSeconds = Integer.getInteger("bench.inbound-seconds", 30);
    private final List<String> only = List.of(System.getProperty("bench.only", "").split(","));
    private final BenchReport report = new BenchReport();
    private int runNumber;

    private BenchmarkSuite() throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-app.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no fat jar in target/: run mvn -Pbench verify"));
        }
    }

    public static void main(String[] args) throws Exception {
        new BenchmarkSuite().runAll();
    }

    private void runAll() throws Exception {
        deleteTree(runs);
        Files.createDirectories(runs);
        for (String folder : List.of("config", "routes")) {
            copyTree(project.resolve(folder), app.resolve(folder));
        }
        report.machine(reps, records, memoryRecords);
        int sandboxPort = freePort();
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort + "/v1";
        try (ChildProcess sandbox = sandbox(sandboxPort, 0, "bench:throughput=" + records,
                "bench:memory=" + memoryRecords, "bench:inbound=2000")) {
            if (selected("throughput")) {
                throughput(sandboxUrl);
            }
            if (selected("memory")) {
                memory(sandboxUrl);
            }
            if (selected("inbound")) {
                inbound(sandboxUrl);
            }
            if (selected("startup")) {
                startup(sandboxUrl);
            }
        }
        if (selected("latency")) {
            int slowPort = freePort();
            try (ChildProcess slowSandbox = sandbox(slowPort, 200, "bench:latency=10000")) {
                latencyHiding("http://127.0.0.1:" + slowPort + "/v1");
            }
        }
        report.write(project.resolve("docs/BENCHMARKS.md"), project.resolve("docs/benchmarks.png"));
        System.out.println("wrote docs/BENCHMARKS.md and docs/benchmarks.png");
    }

    // ---- 1. sync throughput: baseline, bundle (file), bundle (jms), official SDK, interleaved

    private void throughput(String sandboxUrl) throws Exception {
        Path sdk = project.resolve("src/test/sdk");
        boolean node = commandWorks(List.of("node", "--version")) && ensureSdkInstalled(sdk);
        // one unrecorded pass, so that no contender pays for the sandbox's own JIT warm-up
        Path warmUp = runDir("warm-up");
        result(ChildProcess.start(List.of(java, "-cp", classpath, BaselineSync.class.getName(), "--base-url",
                sandboxUrl, "--api-key", API_KEY, "--integration-id", "bench:throughput", "--page-size", "250",
                "--out", warmUp.resolve("out").toString()), project, Map.of(), warmUp.resolve("output.log")), "records");
        deleteTree(warmUp);
        for (int rep = 1; rep <= reps; rep++) {
            Path out = runDir("baseline");
            ChildProcess baseline = ChildProcess.start(List.of(java, "-cp", classpath,
                    BaselineSync.class.getName(), "--base-url", sandboxUrl, "--api-key", API_KEY,
                    "--integration-id", "bench:throughput", "--page-size", "250", "--out", out.resolve("out").toString()),
                    project, Map.of(), out.resolve("output.log"));
            report.sample("throughput", "baseline", rate(result(baseline, "records"), result(baseline, "millis")));
            deleteTree(out);

            for (String variant : List.of("file", "file-unchecked", "jms")) {
                if (variant.equals("jms") && rep > Math.max(3, reps / 2)) {
                    continue; // about 100 s a run: three are enough for a median
                }
                String sink = variant.startsWith("file") ? "file" : "jms";
                Path run = runDir("bundle-" + variant);
                ChildProcess bundle = bundle(run, sandboxUrl, "bench:throughput", sink, List.of("--run-once"),
                        List.of(), variant.endsWith("unchecked") ? Map.of("kombo.sync.invalid-records", "deliver")
                                : Map.of());
                requireExit(bundle, 0, Duration.ofMinutes(5));
                Matcher done = bundle.find(SYNC_DONE);
                report.sample("throughput", "bundle-" + variant,
                        rate(Long.parseLong(done.group(2)), Long.parseLong(done.group(3))));
                deleteTree(run);
            }

            if (node && rep <= Math.max(3, reps / 2)) {
                Path run = runDir("sdk");
                ChildProcess js = ChildProcess.start(List.of("node", "bench-paging.mjs", "--base-url", sandboxUrl,
                        "--api-key", API_KEY, "--integration-id", "bench:throughput", "--page-size", "250"), sdk,
                        Map.of(), run.resolve("output.log"));
                report.sample("throughput", "sdk", rate(result(js, "records"), result(js, "millis")));
            }
        }
    }

    // ---- 2. memory: 1M records with -Xmx128m, heap after GC at 10k / 100k / 1M records

    private void memory(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-memory");
        Path gcLog = run.resolve("gc.log");
        ChildProcess bundle = bundle(run, sandboxUrl, "bench:memory", "file", List.of("--run-once"),
                List.of("-Xmx128m", "-Xlog:gc:file=" + gcLog + ":time"), Map.of());
        // at each checkpoint a full GC (jcmd GC.run) measures what is really live: the heap after a young GC
        // also holds garbage promoted to the old generation that no full GC has collected yet
        int[] checkpoints = IntStream.of(10_000, 100_000, memoryRecords).filter(c -> c <= memoryRecords).distinct()
                .toArray();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int checkpoint : checkpoints) {
            // the last page before the end, so that the process is still there to measure
            int page = Math.min(checkpoint / 250, memoryRecords / 250 - 1);
            bundle.await(line -> line.contains(" page " + page + ": "), Duration.ofMinutes(15));
            new ProcessBuilder(jcmd, String.valueOf(bundle.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(run.resolve("jcmd.log").toFile()).start().waitFor();
        }
        requireExit(bundle, 0, Duration.ofMinutes(15));
        Matcher done = bundle.find(SYNC_DONE);
        // when (wall clock) the run reached each record count, from the per-page log lines
        Map<Integer, LocalTime> reached = new LinkedHashMap<>();
        for (ChildProcess.Line line : bundle.lines()) {
            Matcher page = PAGE_LOG.matcher(line.text());
            if (page.find()) {
                reached.put(Integer.parseInt(page.group(2)) * 250, LocalTime.parse(page.group(1)));
            }
        }
        List<long[]> gcs = new ArrayList<>(); // {millis of day, before MB, after MB, committed MB}
        List<Long> live = new ArrayList<>();
        for (String text : Files.readAllLines(gcLog)) {
            Matcher gc = GC_LINE.matcher(text);
            if (gc.find()) {
                gcs.add(new long[] {LocalTime.parse(gc.group(1)).toNanoOfDay() / 1_000_000,
                        Long.parseLong(gc.group(2)), Long.parseLong(gc.group(3)), Long.parseLong(gc.group(4))});
                if (text.contains("(Diagnostic Command)")) { // the full GC jcmd GC.run asked for
                    live.add(Long.parseLong(gc.group(3)));
                }
            }
        }
        long previous = 0;
        for (int i = 0; i < checkpoints.length; i++) {
            int checkpoint = checkpoints[i];
            LocalTime at = reached.entrySet().stream().filter(e -> e.getKey() >= Math.min(checkpoint,
                    memoryRecords - 250)).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the run never reached " + checkpoint));
            long until = at.toNanoOfDay() / 1_000_000;
            long from = previous;
            Optional<Long> peak = gcs.stream().filter(g -> g[0] > from && g[0] <= until).map(g -> g[2])
                    .max(Comparator.naturalOrder());
            report.memory(checkpoint, i < live.size() ? live.get(i) : -1, peak.orElse(-1L),
                    gcs.stream().filter(g -> g[0] <= until).count());
            previous = until;
        }
        report.memoryRun(Long.parseLong(done.group(2)), Long.parseLong(done.group(3)), gcs.size());
        deleteTree(run.resolve("out"));
    }

    // ---- 3. latency hiding: the sandbox adds 200 ms per page

    private void latencyHiding(String slowSandboxUrl) throws Exception {
        // the sandbox's own work per page comes on top of the 200 ms: the plain program measures that floor
        baselineRun(slowSandboxUrl, "bench:latency");
        for (int rep = 1; rep <= Math.max(3, reps / 2); rep++) {
            report.latency("baseline", 40, result(baselineRun(slowSandboxUrl, "bench:latency"), "millis"));
            for (String variant : List.of("file", "file-no-prefetch", "jms", "jms-no-prefetch")) {
                String sink = variant.startsWith("file") ? "file" : "jms";
                Map<String, String> props = variant.endsWith("no-prefetch")
                        ? Map.of("kombo.sync.prefetch", "false") : Map.of();
                Path run = runDir("latency-" + variant);
                ChildProcess bundle = bundle(run, slowSandboxUrl, "bench:latency", sink, List.of("--run-once"),
                        List.of(), props);
                requireExit(bundle, 0, Duration.ofMinutes(5));
                Matcher done = bundle.find(SYNC_DONE);
                long pages = Long.parseLong(done.group(1));
                report.latency(variant, pages, Long.parseLong(done.group(3)));
                deleteTree(run);
            }
        }
    }

    /** One run of the plain-Java program; its output folder is removed by the caller's next run dir. */
    private ChildProcess baselineRun(String sandboxUrl, String integrationId) throws IOException {
        Path out = runDir("baseline");
        return ChildProcess.start(List.of(java, "-cp", classpath, BaselineSync.class.getName(), "--base-url",
                sandboxUrl, "--api-key", API_KEY, "--integration-id", integrationId, "--page-size", "250",
                "--out", out.resolve("out").toString()), project, Map.of(), out.resolve("output.log"));
    }

    // ---- 4. inbound: latency added over a direct PATCH, and sustained requests/s at 16 clients

    private void inbound(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-inbound");
        int http = freePort();
        try (ChildProcess bundle = bundle(run, sandboxUrl, "bench:inbound", "file", List.of(),
                List.of(), Map.of("kombo.sync.on-startup", "false", "kombo.http.port", String.valueOf(http)))) {
            bundle.await(line -> CAMEL_STARTED.matcher(line).find(), Duration.ofMinutes(1));
            String bundleUrl = "http://127.0.0.1:" + http;
            for (int rep = 1; rep <= 3; rep++) {
                report.inboundLatency("direct", load(sandboxUrl, sandboxUrl, "latency", List.of("--requests", "2000")));
                report.inboundLatency("bundle", load(bundleUrl, sandboxUrl, "latency", List.of("--requests", "2000")));
            }
            report.inboundThroughput(load(bundleUrl, sandboxUrl, "throughput",
                    List.of("--clients", "16", "--seconds", String.valueOf(inboundSeconds))));
        }
    }

    private Map<String, String> load(String url, String sandboxUrl, String mode, List<String> extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, InboundLoad.class.getName(),
                "--url", url, "--integration-id", "bench:inbound", "--sandbox-url", sandboxUrl,
                "--sandbox-key", API_KEY, "--mode", mode, "--warmup-seconds", "10"));
        if (url.equals(sandboxUrl)) {
            command.addAll(List.of("--api-key", API_KEY));
        }
        command.addAll(extra);
        ChildProcess load = ChildProcess.start(command, project, Map.of(), runDir("inbound-" + mode).resolve("output.log"));
        requireExit(load, 0, Duration.ofMinutes(3));
        return fields(load.find(RESULT).group(1));
    }

    // ---- 5. start-up: process start to all routes started, fat jar, plain and with an AppCDS archive

    private void startup(String sandboxUrl) throws Exception {
        // the production shape: an external broker (here one in this JVM), no sandbox or SFTP server inside
        EmbeddedBroker broker = new EmbeddedBroker(runs.resolve("startup-broker"), "127.0.0.1", freePort(), "kombo",
                BROKER_PASSWORD);
        broker.start();
        try {
            startup(sandboxUrl, Map.of("kombo.sync.on-startup", "false", "jms.broker.embedded", "false",
                    "jms.broker.url", broker.brokerUrl()));
        } finally {
            broker.close();
        }
    }

    private void startup(String sandboxUrl, Map<String, String> production) throws Exception {
        Path archive = runs.resolve("bundle.jsa");
        // one training run writes the class-data archive at exit
        try (ChildProcess training = bundle(runDir("startup-training"), sandboxUrl, "bench:inbound", "file",
                List.of(), List.of("-XX:ArchiveClassesAtExit=" + archive), production)) {
            training.await(line -> CAMEL_STARTED.matcher(line).find(), Duration.ofMinutes(1));
        }
        for (int rep = 1; rep <= reps; rep++) {
            for (String variant : List.of("plain", "appcds")) {
                List<String> jvm = variant.equals("appcds") && Files.exists(archive)
                        ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
                try (ChildProcess bundle = bundle(runDir("startup-" + variant), sandboxUrl, "bench:inbound", "file",
                        List.of(), jvm, production)) {
                    ChildProcess.Line started = bundle.await(line -> CAMEL_STARTED.matcher(line).find(),
                            Duration.ofMinutes(1));
                    Matcher camel = CAMEL_STARTED.matcher(started.text());
                    camel.find();
                    report.startup(variant, started.atMillis(), camel.group(1));
                }
            }
        }
    }

    // ---- processes

    private ChildProcess sandbox(int port, long latencyMs, String... integrations) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", classpath,
                "dev.kombo.interviews.sandbox.SandboxMain", "--port", String.valueOf(port), "--api-key", API_KEY,
                "--latency-ms", String.valueOf(latencyMs), "--patch-concurrency-limit", "64"));
        for (String integration : integrations) {
            command.addAll(List.of("--integration", integration));
        }
        ChildProcess sandbox = ChildProcess.start(command, project, Map.of(),
                runs.resolve("sandbox-" + port + ".log"));
        sandbox.await(line -> line.contains("Kombo sandbox ready"), Duration.ofMinutes(1));
        return sandbox;
    }

    /** The bundle's fat jar on production-like settings: external Kombo (the sandbox), nothing else shared. */
    private ChildProcess bundle(Path run, String komboUrl, String integrationId, String sinks, List<String> args,
            List<String> jvmOptions, Map<String, String> extra) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.sandbox.enabled", "false");
        props.put("demo.sftp-server.enabled", "false");
        props.put("kombo.base-url", komboUrl);
        props.put("kombo.integrations", "bench");
        props.put("kombo.integration.bench.id", integrationId);
        props.put("kombo.integration.bench.sinks", sinks);
        props.put("kombo.sync.startup-delay-ms", "0");
        props.put("kombo.sync.state-dir", run.resolve("state").toString());
        props.put("kombo.sync.dead-letter-dir", run.resolve("dead-letter").toString());
        props.put("kombo.sink.file.folder", run.resolve("out").toString());
        props.put("kombo.update.file.inbox", run.resolve("updates/inbox").toString());
        props.put("kombo.update.file.done", run.resolve("updates/done").toString());
        props.put("kombo.update.file.failed", run.resolve("updates/failed").toString());
        int broker = freePort();
        props.put("jms.broker.embedded.port", String.valueOf(broker));
        props.put("jms.broker.url", "tcp://127.0.0.1:" + broker);
        props.put("jms.broker.embedded.data-dir", run.resolve("broker").toString());
        props.put("kombo.http.port", String.valueOf(freePort()));
        props.put("kombo.management.port", String.valueOf(freePort()));
        props.putAll(extra);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(BUNDLE_JVM_OPTIONS);
        command.addAll(jvmOptions);
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return ChildProcess.start(command, app, Map.of("KOMBO_API_KEY", API_KEY, "JMS_BROKER_PASSWORD", BROKER_PASSWORD),
                run.resolve("output.log"));
    }

    // ---- helpers

    /** {@code -Dbench.only=throughput,memory} runs a subset while working on one figure. */
    private boolean selected(String benchmark) {
        return only.equals(List.of("")) || only.contains(benchmark);
    }

    private Path runDir(String name) throws IOException {
        return Files.createDirectories(runs.resolve(String.format("%03d-%s", ++runNumber, name)));
    }

    private static void requireExit(ChildProcess process, int expected, Duration timeout) throws InterruptedException {
        int code = process.waitFor(timeout);
        if (code != expected) {
            List<ChildProcess.Line> lines = process.lines();
            throw new IllegalStateException("exit code " + code + "; last lines: "
                    + lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }

    private static long result(ChildProcess process, String field) throws InterruptedException {
        requireExit(process, 0, Duration.ofMinutes(5));
        return Long.parseLong(fields(process.find(RESULT).group(1)).get(field));
    }

    static Map<String, String> fields(String result) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : result.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return fields;
    }

    private static double rate(long records, long millis) {
        return records * 1000.0 / Math.max(1, millis);
    }

    private boolean ensureSdkInstalled(Path sdk) throws Exception {
        if (Files.isDirectory(sdk.resolve("node_modules/@kombo-api/sdk"))) {
            return true;
        }
        ChildProcess npm = ChildProcess.start(List.of("npm", "ci", "--no-audit", "--no-fund"), sdk, Map.of(),
                runs.resolve("npm-ci.log"));
        return npm.waitFor(Duration.ofMinutes(5)) == 0;
    }

    private boolean commandWorks(List<String> command) {
        try {
            return ChildProcess.start(command, project, Map.of(), runs.resolve("probe.log")).waitFor(Duration.ofSeconds(30)) == 0;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
