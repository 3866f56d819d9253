package dev.kombo.interviews.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

/** Collects the figures of one benchmark run and writes them as docs/BENCHMARKS.md and a plot. */
final class BenchReport {

    /** One run of many integrations in one process: total rate, peak live threads, heap after GC. */
    record ManyRun(int integrations, long records, double recordsPerSecond, long peakThreads, long maxHeapAfterGcMb,
            long committedHeapMb) {
    }

    /** One start-up: wall time from process start to all routes started, and the process's CPU time by then. */
    record Startup(long millis, long cpuMillis, String camelOwn) {
    }

    /** Where the hand-written part of docs/BENCHMARKS.md begins; everything from it on is kept as it is. */
    static final String NOTES_MARKER = "<!-- notes: written by hand, kept by BenchmarkSuite -->";

    private final Map<String, List<Double>> throughput = new LinkedHashMap<>();
    private final Map<String, Long> recordsOf = new LinkedHashMap<>();
    private final Map<Integer, long[]> memory = new LinkedHashMap<>(); // records -> {live MB, peak MB after GC, GCs}
    private final Map<String, List<long[]>> latency = new LinkedHashMap<>(); // variant -> {pages, millis}
    private final Map<String, List<Map<String, String>>> inboundLatency = new LinkedHashMap<>();
    private final List<ManyRun> many = new ArrayList<>();
    private final Map<String, JmsAlone> jmsAlone = new LinkedHashMap<>();
    private final Map<String, List<Startup>> startup = new LinkedHashMap<>();
    private final List<String> load = new ArrayList<>();
    private final Map<String, String> profiles = new LinkedHashMap<>();
    private Map<String, String> inboundThroughput = Map.of();
    private long memoryRecords;
    private long memoryMillis;
    private long memoryGcs;
    private String machine = "";
    private String mode = "";
    private String startupTraining = "";

    void machine(String mode, int reps, int records) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        this.mode = mode;
        machine = String.format(Locale.ROOT, "%s, %d cores, Java %s (%s); %s: %d repetitions, %,d records; %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), mode, reps, records,
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
    }

    /** The machine's load averages at a point of the run (the machine may be shared with other work). */
    void load(String when) {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            String line = when + ": " + avg[0] + " / " + avg[1] + " / " + avg[2];
            load.add(line);
            System.out.println("load " + line);
        } catch (IOException e) {
            load.add(when + ": unknown");
        }
    }

    void sample(String contender, long records, double recordsPerSecond) {
        throughput.computeIfAbsent(contender, k -> new ArrayList<>()).add(recordsPerSecond);
        recordsOf.put(contender, records);
        System.out.printf(Locale.ROOT, "throughput %s: %.0f records/s (%,d records)%n", contender, recordsPerSecond,
                records);
    }

    /** The JMS sink alone in a warm JVM: median, min and max messages/s over its passes. */
    record JmsAlone(long messages, double median, double min, double max, int passes) {
    }

    void jmsSinkAlone(String broker, long messages, double median, double min, double max, int passes) {
        jmsAlone.put(broker, new JmsAlone(messages, median, min, max, passes));
        System.out.printf(Locale.ROOT, "jms sink alone %s: %.0f messages/s (median of %d passes of %,d)%n", broker,
                median, passes, messages);
    }

    void many(ManyRun run) {
        many.add(run);
        System.out.println("many integrations: " + run);
    }

    void memory(int records, long liveMb, long peakAfterGcMb, long gcsSoFar) {
        memory.put(records, new long[] {liveMb, peakAfterGcMb, gcsSoFar});
        System.out.printf("memory at %,d records: live heap %d MB after a full GC, peak heap after GC %d MB "
                + "(%d GCs so far)%n", records, liveMb, peakAfterGcMb, gcsSoFar);
    }

    void memoryRun(long records, long millis, long gcs) {
        memoryRecords = records;
        memoryMillis = millis;
        memoryGcs = gcs;
    }

    void latency(String variant, long pages, long millis) {
        latency.computeIfAbsent(variant, k -> new ArrayList<>()).add(new long[] {pages, millis});
        System.out.printf(Locale.ROOT, "latency hiding %s: %d pages in %d ms = %.2fx pages x 200 ms%n", variant,
                pages, millis, millis / (pages * 200.0));
    }

    void inboundLatency(String target, Map<String, String> result) {
        inboundLatency.computeIfAbsent(target, k -> new ArrayList<>()).add(result);
        System.out.println("inbound latency " + target + ": " + result);
    }

    void inboundThroughput(Map<String, String> result) {
        inboundThroughput = result;
        System.out.println("inbound throughput: " + result);
    }

    void startupTraining(String description) {
        startupTraining = description;
    }

    void startup(String variant, Startup run) {
        startup.computeIfAbsent(variant, k -> new ArrayList<>()).add(run);
        System.out.println("start-up " + variant + ": " + run);
    }

    void profile(String what, String text) {
        profiles.put(what, text);
        System.out.println("profile " + what + ":\n" + text);
    }

    // ---- output

    void write(Path markdown, Path plot) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `mvn -Pbench verify` (`BenchmarkSuite`) down to the notes at the end, which are kept by ")
                .append("hand. Machine: ")
                .append(machine).append(".\n\n")
                .append("Every program runs in its own JVM (Node for the SDK): the sandbox (one process, loopback, gzip ")
                .append("when asked), the plain-Java baseline, the bundle as its fat jar, the external broker, the SFTP ")
                .append("server, the load generator. Repeated runs are interleaved after an unrecorded warm-up and the ")
                .append("median is reported. Targets come from issue 11; a figure that misses its target is marked ")
                .append("**missed**.\n\n")
                .append("Machine load (1 / 5 / 15 min averages; the machine has 2 cores and may be shared):\n\n");
        load.forEach(l -> md.append("- ").append(l).append('\n'));
        md.append("\n![benchmarks](benchmarks.png)\n\n");

        double baseline = median(throughput.get("baseline"));
        double baselineNoSync = median(throughput.get("baseline-no-fsync"));
        double file = median(throughput.get("bundle-file"));
        double c1 = median(throughput.get("bundle-file-c1"));
        double warm = median(throughput.get("bundle-file-warm"));
        double sftp = median(throughput.get("bundle-sftp"));
        double sdk = median(throughput.get("sdk"));
        md.append("## 1. Sync throughput (page_size 250, gzip)\n\n")
                .append("The baseline (`BaselineSync`) is the best plain program we could write: JDK HttpClient, gzip, ")
                .append("pipelined (page N+1 is requested while page N is written), Jackson's streaming parser slicing ")
                .append("each record's bytes out of the page, no schema check; its files are byte for byte the file ")
                .append("sink's (checked file by file after the warm-up). Both force their writes to disk: the baseline ")
                .append("each page file before its rename and the folder once a page (`--fsync true`), as the file sink does ")
                .append("with `kombo.sink.file.force-to-disk` (camel-file 4.18.0 never applies its own `forceWrites`); the ")
                .append("bundle also forces its checkpoint after each page (`WatermarkStore`). The baseline without fsync ")
                .append("shows what the fsyncs cost on this disk. ")
                .append("Every run-once contender is a fresh JVM, as the issue measures; two reference rows show what ")
                .append("that costs the bundle: C1 only (`-XX:TieredStopAtLevel=1`: no C2 compiling of Camel's code on ")
                .append("the 2 cores the run needs) and the bundle as a service (the third full sync in one JVM, ")
                .append("`POST /sync` after removing the watermark).\n\n")
                .append("| contender | records | median records/s | min | max | runs |\n|---|---:|---:|---:|---:|---:|\n");
        throughput.forEach((name, values) -> md.append(String.format(Locale.ROOT,
                "| %s | %,d | %,.0f | %,.0f | %,.0f | %d |%n", describe(name), recordsOf.get(name), median(values),
                min(values), max(values), values.size())));
        md.append('\n')
                .append("Ratios of medians; in brackets the median and range of the ratios within each repetition ")
                .append("(the contenders of one repetition ran minutes apart, so a busy machine hurts both alike).\n\n")
                .append(ratioLine("1. bundle, file sink (contract check on) / baseline (page files forced to disk)",
                        file / baseline, 0.9))
                .append(ratioLine("bundle, file sink / baseline without fsync (reference)", file / baselineNoSync,
                        Double.NaN))
                .append(ratioLine("bundle, file sink, C1 only (-XX:TieredStopAtLevel=1) / baseline (reference)",
                        c1 / baseline, Double.NaN))
                .append(ratioLine("bundle as a service, third full sync in the same JVM / baseline (reference)",
                        warm / baseline, Double.NaN))
                .append(ratioLine("3. bundle, SFTP sink (embedded MINA server, its own process) / bundle, file sink",
                        sftp / file, Double.NaN))
                .append(Double.isNaN(sdk) ? "" : ratioLine("bundle, file sink / official TypeScript SDK (reference)",
                        file / sdk, Double.NaN))
                .append('\n');

        double jms = median(throughput.get("bundle-jms"));
        double jmsExternal = median(throughput.get("bundle-jms-external"));
        md.append("## 2. JMS sink: persistent messages/s\n\n")
                .append("The bundle's JMS sink (`routes/sink-jms.camel.yaml` → `JmsPageSender`), one message per ")
                .append("interview, persistent, duplicate detection on; a page counts only once the broker confirmed ")
                .append("each message. Embedded: the bundle's own Artemis in its JVM. External: a second process ")
                .append("(`ExternalBroker`: artemis-server, persistence on, the bundle's broker configuration), reached ")
                .append("over TCP with `jms.broker.embedded=false`; a fresh broker per run. Nothing consumes the ")
                .append("queue, so past the broker's 64 MB in memory its messages are paged to disk, as they would be ")
                .append("in a first full sync.\n\n")
                .append("A whole `--run-once` sync in a fresh JVM (the rate of section 1's table):\n\n")
                .append(String.format(Locale.ROOT, "- embedded broker: %,.0f messages/s (target ≥ 15,000: %s)%n", jms,
                        verdict(jms >= 15_000)))
                .append(String.format(Locale.ROOT, "- external broker over TCP: %,.0f messages/s (target ≥ 15,000: %s)%n%n",
                        jmsExternal, verdict(jmsExternal >= 15_000)));
        if (!jmsAlone.isEmpty()) {
            md.append("The sink alone in a JVM that has warmed up (`JmsSinkThroughput`: the pages, read from the ")
                    .append("sandbox beforehand, handed to `direct:kombo-deliver-page` one at a time as a sync hands ")
                    .append("them; new duplicate ids each pass; the median of the passes that follow unrecorded warm-up passes):\n\n");
            jmsAlone.forEach((broker, run) -> md.append(String.format(Locale.ROOT,
                    "- %s broker: %,.0f messages/s (%,.0f–%,.0f, %d passes of %,d messages; target ≥ 15,000: %s)%n",
                    broker, run.median(), run.min(), run.max(), run.passes(), run.messages(),
                    verdict(run.median() >= 15_000))));
            md.append('\n');
        }

        md.append("## 4. Many integrations at once\n\n");
        if (many.isEmpty()) {
            md.append("Not run.\n\n");
        } else {
            ManyRun first = many.get(0);
            double total = median(many.stream().map(ManyRun::recordsPerSecond).toList());
            md.append(String.format(Locale.ROOT, "%d integrations × %,d interviews in one `--run-once` process, file "
                            + "sink; rate = all records / (last integration done − first started). Threads: the peak of "
                            + "live threads (JFR `jdk.JavaThreadStatistics`); heap: the largest heap after a GC "
                            + "(`jdk.GCHeapSummary`), and the committed heap.%n%n", first.integrations(),
                    first.records() / first.integrations()))
                    .append("| run | total records/s | peak live threads | max heap after GC (MB) | committed heap (MB) |\n")
                    .append("|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < many.size(); i++) {
                ManyRun run = many.get(i);
                md.append(String.format(Locale.ROOT, "| %d | %,.0f | %d | %d | %d |%n", i + 1, run.recordsPerSecond(),
                        run.peakThreads(), run.maxHeapAfterGcMb(), run.committedHeapMb()));
            }
            md.append('\n').append(ratioLine("total / single integration (bundle, file sink, section 1)", total / file,
                    1.0)).append('\n');
        }

        md.append("## 5. Start-up: process start to all routes started (fat jar, production shape)\n\n")
                .append("No sandbox, no SFTP server, an external broker (`ExternalBroker`, its own process), ")
                .append("`-XX:+UseParallelGC` as in the image. CPU: the process's user + system time when the line ")
                .append("\"Apache Camel … started\" appeared (less sensitive to a busy machine than the wall time). ")
                .append(startupTraining).append("\n\n")
                .append("| variant | median ms | min | max | median CPU ms | runs | target ≤ 2,000 ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        startup.forEach((variant, runs) -> {
            List<Double> ms = runs.stream().map(r -> (double) r.millis()).toList();
            List<Double> cpu = runs.stream().map(r -> (double) r.cpuMillis()).toList();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %d | %s |%n", describe(variant),
                    median(ms), min(ms), max(ms), median(cpu), ms.size(), verdict(median(ms) <= 2000)));
        });
        md.append("\nCamel's own \"started in\" per run: ");
        List<String> own = new ArrayList<>();
        startup.forEach((variant, runs) -> runs.forEach(r -> own.add(variant + " " + r.camelOwn())));
        md.append(String.join(", ", own)).append(".\n\n");

        md.append("## 6a. Memory: ").append(String.format(Locale.ROOT, "%,d", memoryRecords))
                .append(" records, file sink, `-Xmx128m`\n\n")
                .append(String.format(Locale.ROOT, "Completed in %,d ms (%,.0f records/s), %d GCs.%n%n", memoryMillis,
                        memoryRecords * 1000.0 / Math.max(1, memoryMillis), memoryGcs))
                .append("Live heap: after a full GC forced (`jcmd GC.run`) when the run reached that many records. ")
                .append("Peak: the largest heap after any GC since the previous checkpoint; it includes garbage ")
                .append("promoted to the old generation that no full GC has collected yet.\n\n")
                .append("| records delivered | live heap after a full GC (MB) | peak heap after GC in this stretch (MB) "
                        + "| GCs so far |\n|---:|---:|---:|---:|\n");
        memory.forEach((records, v) -> md.append(String.format(Locale.ROOT, "| %,d | %d | %d | %d |%n", records, v[0],
                v[1], v[2])));
        long firstLive = memory.values().stream().findFirst().map(v -> v[0]).orElse(-1L);
        long maxLive = memory.values().stream().mapToLong(v -> v[0]).max().orElse(-1);
        md.append(String.format(Locale.ROOT, "%nFlat live heap (the largest live figure within 1.5× the first and "
                + "under 128 MB): %s%n%n", verdict(memoryRecords > 0 && maxLive >= 0 && maxLive <= Math.max(1.5
                * firstLive, firstLive + 8) && maxLive < 128)));

        double floor = median(latency.getOrDefault("baseline", List.of()).stream().map(r -> (double) r[1]).toList());
        md.append("## 6b. Latency hiding: the sandbox adds 200 ms to every page\n\n")
                .append("The plain-Java program (pipelined, as in section 1) shows the floor of this machine: the ")
                .append("sandbox's own work per page comes on top of the 200 ms, and no client can ask for page N+1 ")
                .append("before page N's answer names its cursor.\n\n")
                .append("| variant | pages | median wall ms | pages × 200 ms | ratio | ratio to the plain program | ")
                .append("target ≤ 1.15 |\n|---|---:|---:|---:|---:|---:|---|\n");
        latency.forEach((variant, runs) -> {
            long pages = runs.get(0)[0];
            double wall = median(runs.stream().map(r -> (double) r[1]).toList());
            double ratio = wall / (pages * 200.0);
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,d | %.3f | %.3f | %s |%n", describeLatency(variant),
                    pages, wall, pages * 200, ratio, wall / floor, variant.endsWith("no-prefetch")
                            || variant.equals("baseline") ? "(reference)" : verdict(ratio <= 1.15)));
        });
        md.append('\n');

        md.append("## 6c. Inbound: HTTP update → validate → PATCH to the sandbox\n\n")
                .append("| target | median p50 µs | median p99 µs | runs |\n|---|---:|---:|---:|\n");
        inboundLatency.forEach((target, runs) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %d |%n",
                target.equals("direct") ? "direct PATCH to the sandbox" : "through the bundle",
                medianOf(runs, "p50_us"), medianOf(runs, "p99_us"), runs.size())));
        double addedP50 = (medianOf(inboundLatency.get("bundle"), "p50_us") - medianOf(inboundLatency.get("direct"),
                "p50_us")) / 1000.0;
        double addedP99 = (medianOf(inboundLatency.get("bundle"), "p99_us") - medianOf(inboundLatency.get("direct"),
                "p99_us")) / 1000.0;
        double rps = Double.parseDouble(inboundThroughput.getOrDefault("rps", "0"));
        long errors = Long.parseLong(inboundThroughput.getOrDefault("errors", "-1"));
        md.append('\n')
                .append(String.format(Locale.ROOT, "- added p50: %.2f ms (reference)%n", addedP50))
                .append(String.format(Locale.ROOT, "- added p99: %.2f ms (target ≤ 10 ms: %s)%n", addedP99,
                        verdict(addedP99 <= 10)))
                .append(String.format(Locale.ROOT, "- sustained: %,.0f requests/s with %s clients for %s s, %d errors, "
                        + "p50 %s µs, p99 %s µs (target ≥ 1,000 req/s and 0 errors: %s)%n%n", rps,
                        inboundThroughput.get("clients"), inboundThroughput.get("seconds"), errors,
                        inboundThroughput.get("p50_us"), inboundThroughput.get("p99_us"),
                        verdict(rps >= 1000 && errors == 0)));

        if (!profiles.isEmpty()) {
            md.append("## Profiles\n\n");
            profiles.forEach((what, text) -> md.append("### ").append(what).append("\n\n```\n").append(text)
                    .append("```\n\n"));
        }
        // the hand-written notes below the marker (what the figures mean, what remains) survive a new run
        if (Files.exists(markdown)) {
            String previous = Files.readString(markdown);
            int notes = previous.indexOf(NOTES_MARKER);
            if (notes >= 0) {
                md.append(previous.substring(notes));
            }
        }
        Files.writeString(markdown, md.toString());
        plot(plot);
    }

    private static String describe(String name) {
        return switch (name) {
            case "baseline" -> "plain Java, pipelined, gzip, page files forced to disk (`BaselineSync`)";
            case "baseline-no-fsync" -> "plain Java, pipelined, gzip, no fsync (reference)";
            case "bundle-file" -> "bundle, file sink (contract check on)";
            case "bundle-file-c1" -> "bundle, file sink, -XX:TieredStopAtLevel=1 (C1 only; reference)";
            case "bundle-file-warm" -> "bundle as a service, file sink: third full sync in one JVM (reference)";
            case "bundle-sftp" -> "bundle, SFTP sink → embedded MINA SFTP server (own process)";
            case "bundle-jms" -> "bundle, JMS sink, embedded Artemis (persistent)";
            case "bundle-jms-external" -> "bundle, JMS sink, external Artemis over TCP (persistent)";
            case "sdk" -> "official TypeScript SDK @kombo-api/sdk 1.1.3 (pages and counts only)";
            case "plain" -> "java -jar";
            case "appcds" -> "java -XX:SharedArchiveFile (the image's AppCDS archive)";
            default -> name;
        };
    }

    private static String describeLatency(String name) {
        return switch (name) {
            case "baseline" -> "plain Java, pipelined";
            case "file" -> "bundle, file sink";
            case "jms" -> "bundle, JMS sink";
            case "file-no-prefetch" -> "bundle, file sink, kombo.sync.prefetch=false";
            case "jms-no-prefetch" -> "bundle, JMS sink, kombo.sync.prefetch=false";
            default -> name;
        };
    }

    private String ratioLine(String what, double ratio, double target) {
        if (Double.isNaN(ratio) && Double.isNaN(target)) {
            return ""; // a reference this run did not measure (quick mode)
        }
        String verdict = Double.isNaN(target) ? "" : String.format(Locale.ROOT, " (target ≥ %.1f: %s)", target,
                verdict(ratio >= target));
        return String.format(Locale.ROOT, "- %s: **%.2f×**%s%s%n", what, ratio, perRepetition(what), verdict);
    }

    /** The contenders a ratio line compares, by the words its description starts with. */
    private String perRepetition(String what) {
        String[][] pairs = {{"1. bundle, file sink", "bundle-file", "baseline"},
                {"bundle, file sink / baseline without", "bundle-file", "baseline-no-fsync"},
                {"bundle, file sink, C1", "bundle-file-c1", "baseline"},
                {"bundle as a service", "bundle-file-warm", "baseline"},
                {"3. bundle, SFTP", "bundle-sftp", "bundle-file"}};
        for (String[] pair : pairs) {
            if (what.startsWith(pair[0])) {
                List<Double> a = throughput.get(pair[1]);
                List<Double> b = throughput.get(pair[2]);
                if (a == null || b == null) {
                    return "";
                }
                List<Double> ratios = IntStream.range(0, Math.min(a.size(), b.size())).mapToObj(i -> a.get(i) / b.get(i))
                        .toList();
                return String.format(Locale.ROOT, " [%.2f×, %.2f–%.2f]", median(ratios), min(ratios), max(ratios));
            }
        }
        return "";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    static double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
    }

    private static double medianOf(List<Map<String, String>> runs, String field) {
        return runs == null ? Double.NaN : median(runs.stream().map(r -> Double.parseDouble(r.get(field))).toList());
    }

    // ---- the plot: bar charts side by side

    private void plot(Path file) throws IOException {
        int panelW = 380;
        int h = 340;
        BufferedImage image = new BufferedImage(panelW * 4, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), h);

        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, String> short_ = Map.of("baseline", "plain", "baseline-no-fsync", "plain nosync", "bundle-file",
                "file", "bundle-file-c1", "file C1", "bundle-file-warm", "file warm", "bundle-sftp", "sftp", "bundle-jms", "jms",
                "bundle-jms-external", "jms ext", "sdk", "TS SDK");
        throughput.forEach((name, values) -> rates.put(short_.getOrDefault(name, name), median(values)));
        if (!many.isEmpty()) {
            rates.put("20 integr.", median(many.stream().map(ManyRun::recordsPerSecond).toList()));
        }
        bars(g, 0, panelW, h, "Sync throughput (records or messages/s)", rates, Double.NaN);

        Map<String, Double> heap = new LinkedHashMap<>();
        memory.forEach((records, v) -> heap.put(records >= 1_000_000 ? records / 1_000_000 + "M" : records / 1000 + "k",
                (double) v[0]));
        bars(g, panelW, panelW, h, "Live heap after full GC (MB), -Xmx128m", heap, 128);

        Map<String, Double> ratios = new LinkedHashMap<>();
        latency.forEach((variant, runs) -> ratios.put(variant.replace("-no-prefetch", " off").replace("baseline",
                "plain"), median(runs.stream().map(r -> (double) r[1]).toList()) / (runs.get(0)[0] * 200.0)));
        bars(g, panelW * 2, panelW, h, "Wall time / (pages x 200 ms)", ratios, 1.15);

        Map<String, Double> start = new LinkedHashMap<>();
        startup.forEach((variant, runs) -> start.put(variant, median(runs.stream().map(r -> (double) r.millis())
                .toList())));
        bars(g, panelW * 3, panelW, h, "Start-up to routes started (ms)", start, 2000);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void bars(Graphics2D g, int x0, int w, int h, String title, Map<String, Double> values, double line) {
        int left = x0 + 50;
        int right = x0 + w - 15;
        int top = 45;
        int bottom = h - 60;
        double max = values.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(v -> v).max().orElse(1);
        if (!Double.isNaN(line)) {
            max = Math.max(max, line);
        }
        max *= 1.15;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0 + 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        int n = Math.max(1, values.size());
        int slot = (right - left) / n;
        int i = 0;
        Color[] colors = {new Color(0x4C72B0), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B2),
                new Color(0xCCB974), new Color(0x64B5CD)};
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            double v = Double.isNaN(entry.getValue()) ? 0 : entry.getValue();
            int barH = (int) ((bottom - top) * v / max);
            int x = left + i * slot + slot / 6;
            g.setColor(colors[i % colors.length]);
            g.fillRect(x, bottom - barH, slot * 2 / 3, barH);
            g.setColor(Color.BLACK);
            String label = v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
            g.drawString(label, x, bottom - barH - 4);
            // labels alternate between two rows so that narrow bars keep readable names
            g.drawString(entry.getKey(), x, bottom + 14 + (i % 2) * 14);
            i++;
        }
        if (!Double.isNaN(line)) {
            int y = bottom - (int) ((bottom - top) * line / max);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(left, y, right, y);
            g.drawString(line >= 100 ? String.format(Locale.ROOT, "%,.0f", line) : String.valueOf(line), right - 40,
                    y - 3);
            g.setStroke(new BasicStroke());
        }
    }
}
