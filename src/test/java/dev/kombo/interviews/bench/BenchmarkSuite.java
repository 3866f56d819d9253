package dev.kombo.interviews.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.kombo.interviews.ChildProcess;

/**
 * Runs every benchmark of docs/BENCHMARKS.md in one go, on this machine, and rewrites that file and its plot.
 * Every program runs in its own JVM (or Node): the sandbox, the plain-Java baseline, the bundle as its fat
 * jar, the external broker, the SFTP server, the official SDK, the load generator. Repeated runs are interleaved
 * after an unrecorded warm-up, so that a noisy minute hurts every contender alike; medians are reported.
 * <p>
 * Run with {@code mvn -Pbench verify} (see README). System properties: {@code bench.quick} (a check while
 * working: one repetition of each target's contenders on fewer records, no reference rows, SDK or profile; under 3 minutes; it writes target/bench/BENCHMARKS.md, not docs/),
 * {@code bench.reps}, {@code bench.records}, {@code bench.memory-records}, {@code bench.inbound-seconds},
 * {@code bench.only} (a comma-separated subset of throughput, memory, inbound, startup, latency).
 */
public final class BenchmarkSuite {

    private static final Pattern SYNC_DONE = Pattern.compile(
            "(\\S+): sync completed: (\\d+) pages, (\\d+) records .* in (\\d+) ms");
    private static final Pattern RESULT = Pattern.compile("^RESULT (.*)$");
    private static final Pattern CAMEL_STARTED = Pattern.compile("Apache Camel .* started in (\\S+) ");
    private static final Pattern PAGE_LOG = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* page (\\d+): \\d+ records");
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[\\d{4}-\\d\\d-\\d\\dT(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}).*Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern RUN_ID = Pattern.compile("interviews-\\d{8}T\\d{9}Z-");
    private static final String API_KEY = "bench-" + UUID.randomUUID();
    private static final String BROKER_PASSWORD = "bench-" + UUID.randomUUID();
    private static final String SFTP_PASSWORD = "bench-" + UUID.randomUUID();
    /** The JVM options the bundle ships with (docker/Dockerfile, README): a batch pipeline wants throughput. */
    private static final List<String> BUNDLE_JVM_OPTIONS = List.of("-XX:+UseParallelGC");
    /** The image's ENTRYPOINT options (docker/Dockerfile), for the start-up figures. */
    private static final List<String> IMAGE_JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC");
    private static final int MANY = 20;

    private final Path project = Path.of("").toAbsolutePath();
    private final Path runs = project.resolve("target/bench");
    /** The bundle's working folder: a copy of config/ and routes/, so editing the project cannot change a run. */
    private final Path app = runs.resolve("app");
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    private final Path jar;
    private final boolean quick = Boolean.getBoolean("bench.quick");
    private final int reps = Integer.getInteger("bench.reps", quick ? 1 : 5);
    private final int records = Integer.getInteger("bench.records", quick ? 20_000 : 100_000);
    private final int jmsRecords = quick ? 5_000 : 20_000;
    private final int manyRecords = quick ? 1_000 : 5_000;
    private final int memoryRecords = Integer.getInteger("bench.memory-records", quick ? 100_000 : 1_000_000);
    private final int inboundSeconds = Integer.getInteger("bench.inbound-seconds", quick ? 5 : 30);
    private final int latencyRecords = quick ? 2_500 : 10_000;
    private final int shortReps = quick ? 1 : Math.max(3, reps / 2);
    private final List<String> only = List.of(System.getProperty("bench.only", "").split(","));
    private final BenchReport report = new BenchReport();
    private Path jfcSettings;
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
        long started = System.nanoTime();
        deleteTree(runs);
        Files.createDirectories(runs);
        for (String folder : List.of("config", "routes")) {
            copyTree(project.resolve(folder), app.resolve(folder));
        }
        jfcSettings = Files.writeString(runs.resolve("bench.jfc"), JfrTop.SETTINGS);
        report.machine(quick ? "quick mode (-Dbench.quick)" : "full run", reps, records);
        report.load("start");
        int sandboxPort = freePort();
        String sandboxUrl = "http://127.0.0.1:" + sandboxPort + "/v1";
        List<String> integrations = new ArrayList<>(List.of("bench:throughput=" + records, "bench:jms=" + jmsRecords,
                "bench:memory=" + memoryRecords, "bench:inbound=2000"));
        IntStream.rangeClosed(1, MANY).forEach(i -> integrations.add(manyId(i) + "=" + manyRecords));
        try (ChildProcess sandbox = sandbox(sandboxPort, 0, integrations)) {
            if (selected("throughput")) {
                throughput(sandboxUrl);
                report.load("after throughput");
            }
            if (selected("memory")) {
                memory(sandboxUrl);
            }
            if (selected("inbound")) {
                inbound(sandboxUrl);
                report.load("after inbound");
            }
            if (selected("startup")) {
                startup(sandboxUrl);
            }
        }
        if (selected("latency")) {
            int slowPort = freePort();
            try (ChildProcess slowSandbox = sandbox(slowPort, 200, List.of("bench:latency=" + latencyRecords))) {
                latencyHiding("http://127.0.0.1:" + slowPort + "/v1");
            }
        }
        report.load("end");
        Path docs = quick ? runs : project.resolve("docs");
        report.write(docs.resolve("BENCHMARKS.md"), docs.resolve("benchmarks.png"));
        System.out.printf("wrote %s and %s in %d s%n", docs.resolve("BENCHMARKS.md"), docs.resolve("benchmarks.png"),
                (System.nanoTime() - started) / 1_000_000_000);
    }

    // ---- 1-4. sync throughput: baseline, bundle (file, sftp, jms embedded and external), many integrations, SDK

    private void throughput(String sandboxUrl) throws Exception {
        Path sdk = project.resolve("src/test/sdk");
        boolean node = commandWorks(List.of("node", "--version")) && ensureSdkInstalled(sdk);
        int sftpPort = freePort();
        Path sftpRoot = runs.resolve("sftp-server");
        Path knownHosts = runs.resolve("sftp-known_hosts");
        try (ChildProcess sftp = ChildProcess.start(List.of(java, "-cp", classpath, SftpServer.class.getName(),
                "--root", sftpRoot.toString(), "--port", String.valueOf(sftpPort), "--known-hosts",
                knownHosts.toString()), project, Map.of("SFTP_PASSWORD", SFTP_PASSWORD), runs.resolve("sftp-server.log"))) {
            sftp.await(line -> line.startsWith("SFTP READY"), Duration.ofMinutes(1));
            Map<String, String> sftpSink = Map.of("kombo.sink.sftp.host", "127.0.0.1", "kombo.sink.sftp.port",
                    String.valueOf(sftpPort), "kombo.sink.sftp.known-hosts-file", knownHosts.toString(),
                    "kombo.sink.sftp.username", "kombo", "kombo.sink.sftp.folder", "interviews");

            // one unrecorded pass of each (the sandbox's JIT, the disk's caches), which also proves that the
            // baseline does the sink's work: the same files, byte for byte
            Path warmBaseline = runDir("warm-up-baseline");
            result(baseline(warmBaseline, sandboxUrl, "bench:throughput", true), "records");
            Path warmBundle = runDir("warm-up-bundle");
            requireExit(bundle(warmBundle, sandboxUrl, "bench:throughput", "file", List.of("--run-once"), List.of(),
                    Map.of()), 0, Duration.ofMinutes(5));
            sameFiles(warmBaseline.resolve("out"), warmBundle.resolve("out/bench"));
            deleteTree(warmBaseline);
            deleteTree(warmBundle);

            for (int rep = 1; rep <= reps; rep++) {
                for (boolean fsync : List.of(true, false)) {
                    Path out = runDir("baseline");
                    ChildProcess baseline = baseline(out, sandboxUrl, "bench:throughput", fsync);
                    report.sample(fsync ? "baseline" : "baseline-no-fsync", records,
                            rate(result(baseline, "records"), result(baseline, "millis")));
                    deleteTree(out);
                }
                bundleSample("bundle-file", sandboxUrl, "bench:throughput", "file", List.of(), Map.of());
                if (!quick) { // references for the full run; quick mode keeps to the targets' contenders
                    bundleSample("bundle-file-c1", sandboxUrl, "bench:throughput", "file",
                            List.of("-XX:TieredStopAtLevel=1"), Map.of());
                    if (rep <= shortReps) {
                        warmSample(sandboxUrl);
                    }
                }
                if (rep <= shortReps) {
                    // about 100 s a run: three are enough for a median
                    bundleSample("bundle-sftp", sandboxUrl, "bench:throughput", "sftp", List.of(), sftpSink);
                    deleteTree(sftpRoot.resolve("home/interviews"));
                    bundleSample("bundle-jms", sandboxUrl, "bench:jms", "jms", List.of(), Map.of());
                    externalJms(sandboxUrl);
                }
                many(sandboxUrl);
                if (node && !quick && rep <= shortReps) {
                    Path run = runDir("sdk");
                    ChildProcess js = ChildProcess.start(List.of("node", "bench-paging.mjs", "--base-url", sandboxUrl,
                            "--api-key", API_KEY, "--integration-id", "bench:throughput", "--page-size", "250"), sdk,
                            Map.of(), run.resolve("output.log"));
                    report.sample("sdk", records, rate(result(js, "records"), result(js, "millis")));
                }
            }
        }
        jmsSinkAlone("embedded");
        jmsSinkAlone("external");
        if (!quick) {
            profileFileSink(sandboxUrl);
        }
    }

    /**
     * The JMS sink without the sync around it, in a JVM that has warmed up (JmsSinkThroughput): pages read from the
     * sandbox beforehand are handed to {@code direct:kombo-deliver-page} one at a time, as a sync hands them.
     */
    private void jmsSinkAlone(String broker) throws Exception {
        Path run = runDir("jms-sink-alone-" + broker);
        ChildProcess sink = ChildProcess.start(List.of(java, "-XX:+UseParallelGC", "-cp", classpath,
                JmsSinkThroughput.class.getName(), "--broker", broker, "--records", String.valueOf(jmsRecords),
                "--reps", String.valueOf(quick ? 1 : reps), "--warmups", quick ? "1" : "3"), project, Map.of(),
                run.resolve("output.log"));
        requireExit(sink, 0, Duration.ofMinutes(10));
        Map<String, String> result = fields(sink.find(RESULT).group(1));
        report.jmsSinkAlone(broker, Long.parseLong(result.get("records")), Double.parseDouble(result.get("median")),
                Double.parseDouble(result.get("min")), Double.parseDouble(result.get("max")),
                Integer.parseInt(result.get("reps")));
        deleteTree(run);
    }

    /** One bundle run-once with one integration; its rate from the sync's own summary line. */
    private void bundleSample(String contender, String sandboxUrl, String integrationId, String sink,
            List<String> jvmOptions, Map<String, String> props) throws Exception {
        Path run = runDir(contender);
        ChildProcess bundle = bundle(run, sandboxUrl, integrationId, sink, List.of("--run-once"), jvmOptions, props);
        requireExit(bundle, 0, Duration.ofMinutes(10));
        Matcher done = bundle.find(SYNC_DONE);
        report.sample(contender, Long.parseLong(done.group(3)),
                rate(Long.parseLong(done.group(3)), Long.parseLong(done.group(4))));
        deleteTree(run);
    }

    /**
     * The bundle as a service (its long-running shape): the start-up sync, then the same full sync twice more in
     * the same JVM (watermark removed, POST /sync/bench); the last one's rate is what a warm JVM reaches.
     */
    private void warmSample(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-file-warm");
        int http = freePort();
        HttpClient client = HttpClient.newHttpClient();
        try (ChildProcess bundle = bundle(run, sandboxUrl, "bench:throughput", "file", List.of(), List.of(),
                Map.of("kombo.http.port", String.valueOf(http)))) {
            bundle.await(line -> SYNC_DONE.matcher(line).find(), Duration.ofMinutes(5));
            for (int sync = 2; sync <= 3; sync++) {
                Files.deleteIfExists(run.resolve("state/bench.watermark")); // a full sync again, not an empty one
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                        + "/sync/bench")).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("POST /sync/bench: " + answer.statusCode() + " " + answer.body());
                }
            }
            List<Matcher> done = bundle.lines().stream().map(line -> SYNC_DONE.matcher(line.text()))
                    .filter(Matcher::find).toList();
            Matcher last = done.get(done.size() - 1);
            report.sample("bundle-file-warm", Long.parseLong(last.group(3)),
                    rate(Long.parseLong(last.group(3)), Long.parseLong(last.group(4))));
        }
        deleteTree(run);
    }

    /** The JMS sink against a second broker process, started fresh so that no run inherits another's journal. */
    private void externalJms(String sandboxUrl) throws Exception {
        Path brokerDir = runDir("external-broker");
        try (ChildProcess broker = externalBroker(brokerDir)) {
            bundleSample("bundle-jms-external", sandboxUrl, "bench:jms", "jms", List.of(),
                    Map.of("jms.broker.embedded", "false", "jms.broker.url", brokerUrl(broker)));
        }
        deleteTree(brokerDir);
    }

    /** 20 integrations in one run-once process: total rate, peak threads and heap from a JFR recording. */
    private void many(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-many");
        Map<String, String> props = new LinkedHashMap<>();
        List<String> names = IntStream.rangeClosed(1, MANY).mapToObj(i -> String.format("m%02d", i)).toList();
        props.put("kombo.integrations", String.join(",", names));
        for (int i = 1; i <= MANY; i++) {
            props.put("kombo.integration." + names.get(i - 1) + ".id", manyId(i));
            props.put("kombo.integration." + names.get(i - 1) + ".sinks", "file");
        }
        Path jfr = run.resolve("many.jfr");
        ChildProcess bundle = bundle(run, sandboxUrl, "unused", "file", List.of("--run-once"),
                List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfcSettings), props);
        requireExit(bundle, 0, Duration.ofMinutes(10));
        long firstStart = Long.MAX_VALUE;
        long lastEnd = 0;
        long total = 0;
        int done = 0;
        for (ChildProcess.Line line : bundle.lines()) {
            Matcher sync = SYNC_DONE.matcher(line.text());
            Matcher time = LOG_TIME.matcher(line.text());
            if (sync.find() && time.find()) {
                long end = LocalTime.parse(time.group(1)).toNanoOfDay() / 1_000_000;
                lastEnd = Math.max(lastEnd, end);
                firstStart = Math.min(firstStart, end - Long.parseLong(sync.group(4)));
                total += Long.parseLong(sync.group(3));
                done++;
            }
        }
        if (done != MANY) {
            throw new IllegalStateException(done + " of " + MANY + " integrations completed; see " + run);
        }
        JfrTop.Profile profile = JfrTop.read(jfr);
        report.many(new BenchReport.ManyRun(MANY, total, rate(total, lastEnd - firstStart), profile.peakThreads(),
                profile.maxHeapAfterGcMb(), profile.maxCommittedMb()));
        deleteTree(run);
    }

    /** One more file-sink run under JFR: where the bundle's time goes (docs/BENCHMARKS.md, "Profiles"). */
    private void profileFileSink(String sandboxUrl) throws Exception {
        Path run = runDir("profile-bundle-file");
        Path jfr = run.resolve("bundle-file.jfr");
        ChildProcess bundle = bundle(run, sandboxUrl, "bench:throughput", "file", List.of("--run-once"),
                List.of("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfcSettings), Map.of());
        requireExit(bundle, 0, Duration.ofMinutes(10));
        Matcher done = bundle.find(SYNC_DONE);
        report.profile(String.format(Locale.ROOT, "bundle, file sink, %,d records in %s ms (JFR, whole process)",
                Long.parseLong(done.group(3)), done.group(4)), JfrTop.read(jfr).format(15));
        deleteTree(run.resolve("out"));
    }

    /** The baseline's files are the file sink's, byte for byte (file names equal but for the run id). */
    private static void sameFiles(Path baseline, Path bundle) throws IOException {
        Map<String, Path> expected = filesByName(bundle);
        Map<String, Path> actual = filesByName(baseline);
        if (!expected.keySet().equals(actual.keySet())) {
            throw new IllegalStateException("the baseline wrote other files than the file sink: " + actual.size()
                    + " vs " + expected.size() + " files");
        }
        for (Map.Entry<String, Path> file : expected.entrySet()) {
            if (Files.mismatch(file.getValue(), actual.get(file.getKey())) != -1) {
                throw new IllegalStateException("the baseline's " + file.getKey() + " differs from the file sink's");
            }
        }
        System.out.println("the baseline's " + actual.size() + " files are the file sink's, byte for byte");
    }

    private static Map<String, Path> filesByName(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            Map<String, Path> byName = new TreeMap<>();
            files.forEach(f -> byName.put(RUN_ID.matcher(f.getFileName().toString()).replaceFirst("interviews-RUN-"), f));
            return byName;
        }
    }

    // ---- 6a. memory: 1M records with -Xmx128m, heap after GC at 10k / 100k / 1M records

    private void memory(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-memory");
        Path gcLog = run.resolve("gc.log");
        ChildProcess bundle = bundle(run, sandboxUrl, "bench:memory", "file", List.of("--run-once"),
                List.of("-Xmx128m", "-Xlog:gc:file=" + gcLog + ":time"), Map.of());
        // at each checkpoint a full GC (jcmd GC.run) measures what is really live: the heap after a young GC
        // also holds garbage promoted to the old generation that no full GC has collected yet
        int[] checkpoints = IntStream.of(10_000, memoryRecords / 10, memoryRecords).filter(c -> c <= memoryRecords)
                .distinct().toArray();
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
        report.memoryRun(Long.parseLong(done.group(3)), Long.parseLong(done.group(4)), gcs.size());
        deleteTree(run.resolve("out"));
    }

    // ---- 6b. latency hiding: the sandbox adds 200 ms per page

    private void latencyHiding(String slowSandboxUrl) throws Exception {
        // the sandbox's own work per page comes on top of the 200 ms: the plain program measures that floor
        result(baseline(runDir("latency-warm-up"), slowSandboxUrl, "bench:latency", false), "millis");
        for (int rep = 1; rep <= shortReps; rep++) {
            Path out = runDir("latency-baseline");
            ChildProcess baseline = baseline(out, slowSandboxUrl, "bench:latency", false);
            report.latency("baseline", result(baseline, "pages"), result(baseline, "millis"));
            deleteTree(out);
            List<String> variants = quick ? List.of("file")
                    : List.of("file", "file-no-prefetch", "jms", "jms-no-prefetch");
            for (String variant : variants) {
                String sink = variant.startsWith("file") ? "file" : "jms";
                Map<String, String> props = variant.endsWith("no-prefetch")
                        ? Map.of("kombo.sync.prefetch", "false") : Map.of();
                Path run = runDir("latency-" + variant);
                ChildProcess bundle = bundle(run, slowSandboxUrl, "bench:latency", sink, List.of("--run-once"),
                        List.of(), props);
                requireExit(bundle, 0, Duration.ofMinutes(5));
                Matcher done = bundle.find(SYNC_DONE);
                report.latency(variant, Long.parseLong(done.group(2)), Long.parseLong(done.group(4)));
                deleteTree(run);
            }
        }
    }

    // ---- 6c. inbound: latency added over a direct PATCH, and sustained requests/s at 16 clients

    private void inbound(String sandboxUrl) throws Exception {
        Path run = runDir("bundle-inbound");
        int http = freePort();
        String warmUp = quick ? "3" : "10";
        String requests = quick ? "500" : "2000";
        try (ChildProcess bundle = bundle(run, sandboxUrl, "bench:inbound", "file", List.of(),
                List.of(), Map.of("kombo.sync.on-startup", "false", "kombo.http.port", String.valueOf(http)))) {
            bundle.await(line -> CAMEL_STARTED.matcher(line).find(), Duration.ofMinutes(1));
            String bundleUrl = "http://127.0.0.1:" + http;
            for (int rep = 1; rep <= shortReps; rep++) {
                report.inboundLatency("direct", load(sandboxUrl, sandboxUrl, "latency", warmUp,
                        List.of("--requests", requests)));
                report.inboundLatency("bundle", load(bundleUrl, sandboxUrl, "latency", warmUp,
                        List.of("--requests", requests)));
            }
            report.inboundThroughput(load(bundleUrl, sandboxUrl, "throughput", warmUp,
                    List.of("--clients", "16", "--seconds", String.valueOf(inboundSeconds))));
        }
    }

    private Map<String, String> load(String url, String sandboxUrl, String mode, String warmUp, List<String> extra)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, InboundLoad.class.getName(),
                "--url", url, "--integration-id", "bench:inbound", "--sandbox-url", sandboxUrl,
                "--sandbox-key", API_KEY, "--mode", mode, "--warmup-seconds", warmUp));
        if (url.equals(sandboxUrl)) {
            command.addAll(List.of("--api-key", API_KEY));
        }
        command.addAll(extra);
        ChildProcess load = ChildProcess.start(command, project, Map.of(), runDir("inbound-" + mode).resolve("output.log"));
        requireExit(load, 0, Duration.ofMinutes(3));
        return fields(load.find(RESULT).group(1));
    }

    // ---- 5. start-up: process start to all routes started, fat jar, plain and with the image's AppCDS archive

    private void startup(String sandboxUrl) throws Exception {
        Path archive = runs.resolve("bundle.jsa");
        trainArchive(archive);
        Path brokerDir = runDir("startup-broker");
        // the production shape: an external broker (its own process), no sandbox or SFTP server inside
        try (ChildProcess broker = externalBroker(brokerDir)) {
            Map<String, String> production = Map.of("kombo.sync.on-startup", "false", "jms.broker.embedded", "false",
                    "jms.broker.url", brokerUrl(broker));
            for (int rep = 1; rep <= reps; rep++) {
                for (String variant : List.of("plain", "appcds")) {
                    List<String> jvm = new ArrayList<>(IMAGE_JVM_OPTIONS);
                    if (variant.equals("appcds")) {
                        jvm.add("-XX:SharedArchiveFile=" + archive);
                    }
                    try (ChildProcess bundle = bundle(runDir("startup-" + variant), sandboxUrl, "bench:inbound", "file",
                            List.of(), jvm, production, List.of())) {
                        ChildProcess.Line started = bundle.await(line -> CAMEL_STARTED.matcher(line).find(),
                                Duration.ofMinutes(1));
                        long cpu = ProcessHandle.of(bundle.pid()).flatMap(p -> p.info().totalCpuDuration())
                                .map(Duration::toMillis).orElse(-1L);
                        Matcher camel = CAMEL_STARTED.matcher(started.text());
                        camel.find();
                        report.startup(variant, new BenchReport.Startup(started.atMillis(), cpu, camel.group(1)));
                    }
                }
            }
        }
        deleteTree(brokerDir);
    }

    /**
     * The archive as docker/Dockerfile makes it at image build: one {@code --run-once} of the embedded defaults
     * (sandbox, broker and SFTP server in the JVM, every sink) from a fresh working folder, with the image's JVM
     * options; the JVM writes the classes it loaded when it exits.
     */
    private void trainArchive(Path archive) throws Exception {
        Path work = app.resolve("work");
        deleteTree(work);
        Map<String, String> ports = new LinkedHashMap<>();
        for (String key : List.of("kombo.sandbox.port", "jms.broker.embedded.port", "demo.sftp-server.port",
                "kombo.http.port", "kombo.management.port")) {
            ports.put(key, String.valueOf(freePort())); // the defaults may be taken on a shared machine
        }
        ports.put("jms.broker.url", "tcp://127.0.0.1:" + ports.get("jms.broker.embedded.port"));
        ports.put("kombo.sink.sftp.port", ports.get("demo.sftp-server.port"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(IMAGE_JVM_OPTIONS);
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        ports.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "--run-once"));
        ChildProcess training = ChildProcess.start(command, app, Map.of(), runDir("startup-training").resolve("output.log"));
        requireExit(training, 0, Duration.ofMinutes(3));
        report.startupTraining(String.format(Locale.ROOT, "AppCDS: the archive (%,d MB) is made as the image makes it "
                + "(docker/Dockerfile): a `--run-once` of the embedded defaults with `-XX:ArchiveClassesAtExit`.",
                Files.size(archive) >> 20));
        deleteTree(work);
    }

    // ---- processes

    private ChildProcess sandbox(int port, long latencyMs, List<String> integrations) throws Exception {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx3g", "-cp", classpath,
                "dev.kombo.interviews.sandbox.SandboxMain", "--port", String.valueOf(port), "--api-key", API_KEY,
                "--latency-ms", String.valueOf(latencyMs), "--patch-concurrency-limit", "64",
                // Kombo's own limit (100,000 requests a minute) is below what the inbound load sends: it measures
                // the bundle, so the sandbox must not answer 429 to it
                "--rate-limit", "100000000"));
        for (String integration : integrations) {
            command.addAll(List.of("--integration", integration));
        }
        ChildProcess sandbox = ChildProcess.start(command, project, Map.of(),
                runs.resolve("sandbox-" + port + ".log"));
        sandbox.await(line -> line.contains("Kombo sandbox ready"), Duration.ofMinutes(2));
        return sandbox;
    }

    private ChildProcess externalBroker(Path dataDir) throws Exception {
        ChildProcess broker = ChildProcess.start(List.of(java, "-cp", classpath, ExternalBroker.class.getName(),
                "--data", dataDir.resolve("data").toString(), "--port", String.valueOf(freePort()), "--password",
                BROKER_PASSWORD), project, Map.of(), dataDir.resolve("broker.log"));
        broker.await(line -> line.startsWith("READY "), Duration.ofMinutes(1));
        return broker;
    }

    private static String brokerUrl(ChildProcess broker) {
        return broker.find(Pattern.compile("^READY (\\S+)")).group(1);
    }

    private ChildProcess baseline(Path run, String sandboxUrl, String integrationId, boolean fsync) throws IOException {
        return ChildProcess.start(List.of(java, "-cp", classpath, BaselineSync.class.getName(), "--base-url",
                sandboxUrl, "--api-key", API_KEY, "--integration-id", integrationId, "--page-size", "250",
                "--out", run.resolve("out").toString(), "--fsync", String.valueOf(fsync)), project, Map.of(),
                run.resolve("output.log"));
    }

    private ChildProcess bundle(Path run, String komboUrl, String integrationId, String sinks, List<String> args,
            List<String> jvmOptions, Map<String, String> extra) throws IOException {
        return bundle(run, komboUrl, integrationId, sinks, args, jvmOptions, extra, BUNDLE_JVM_OPTIONS);
    }

    /** The bundle's fat jar on production-like settings: external Kombo (the sandbox), nothing else shared. */
    private ChildProcess bundle(Path run, String komboUrl, String integrationId, String sinks, List<String> args,
            List<String> jvmOptions, Map<String, String> extra, List<String> baseJvmOptions) throws IOException {
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
        command.addAll(baseJvmOptions);
        command.addAll(jvmOptions);
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return ChildProcess.start(command, app, Map.of("KOMBO_API_KEY", API_KEY, "JMS_BROKER_PASSWORD", BROKER_PASSWORD,
                "KOMBO_SINK_SFTP_PASSWORD", SFTP_PASSWORD), run.resolve("output.log"));
    }

    // ---- helpers

    private static String manyId(int i) {
        return String.format("bench:many-%02d", i);
    }

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
