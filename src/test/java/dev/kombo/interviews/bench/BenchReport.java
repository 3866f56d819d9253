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

import javax.imageio.ImageIO;

/** Collects the figures of one benchmark run and writes them as docs/BENCHMARKS.md and a plot. */
final class BenchReport {

    private final Map<String, List<Double>> throughput = new LinkedHashMap<>();
    private final Map<Integer, long[]> memory = new LinkedHashMap<>(); // records -> {live MB, peak MB after GC, GCs}
    private final Map<String, List<long[]>> latency = new LinkedHashMap<>(); // variant -> {pages, millis}
    private final Map<String, List<Map<String, String>>> inboundLatency = new LinkedHashMap<>();
    private final Map<String, List<long[]>> startup = new LinkedHashMap<>(); // variant -> {ms to started}
    private final List<String> camelStartedIn = new ArrayList<>();
    private Map<String, String> inboundThroughput = Map.of();
    private long memoryRecords;
    private long memoryMillis;
    private long memoryGcs;
    private String machine = "";

    void machine(int reps, int records, int memoryRecords) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        machine = String.format(Locale.ROOT, "%s, %d cores, Java %s (%s); %d repetitions, %,d records "
                + "(memory: %,d); %s", cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), reps, records, memoryRecords,
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
    }

    void sample(String benchmark, String contender, double recordsPerSecond) {
        throughput.computeIfAbsent(contender, k -> new ArrayList<>()).add(recordsPerSecond);
        System.out.printf(Locale.ROOT, "%s %s: %.0f records/s%n", benchmark, contender, recordsPerSecond);
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

    void startup(String variant, long millisToStarted, String camelOwn) {
        startup.computeIfAbsent(variant, k -> new ArrayList<>()).add(new long[] {millisToStarted});
        camelStartedIn.add(variant + " " + camelOwn);
        System.out.println("start-up " + variant + ": " + millisToStarted + " ms (Camel's own: " + camelOwn + ")");
    }

    // ---- output

    void write(Path markdown, Path plot) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `mvn -Pbench verify` (`BenchmarkSuite`); do not edit by hand. Machine: ")
                .append(machine).append(".\n\n")
                .append("Every program runs in its own JVM (Node for the SDK) against the bundled sandbox, started as a ")
                .append("separate process on loopback; repeated runs are interleaved and the median is reported. ")
                .append("Targets come from issue 5; a figure that misses its target is marked **missed**.\n\n")
                .append("![benchmarks](benchmarks.png)\n\n");

        double baseline = median(throughput.get("baseline"));
        double bundleFile = median(throughput.get("bundle-file"));
        double bundleJms = median(throughput.get("bundle-jms"));
        double unchecked = median(throughput.get("bundle-file-unchecked"));
        double sdk = median(throughput.get("sdk"));
        md.append("## 1. Sync throughput (page_size 250)\n\n")
                .append("| contender | median records/s | min | max | runs |\n|---|---:|---:|---:|---:|\n");
        throughput.forEach((name, values) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %d |%n",
                describe(name), median(values), values.stream().mapToDouble(d -> d).min().orElse(0),
                values.stream().mapToDouble(d -> d).max().orElse(0), values.size())));
        md.append('\n')
                .append(ratioLine("bundle (file sink) / plain-Java baseline", bundleFile / baseline, 0.9, true))
                .append(ratioLine("bundle (file sink, no schema check: the same work as the baseline) / baseline",
                        unchecked / baseline, 0.9, true))
                .append(ratioLine("bundle (JMS sink) / plain-Java baseline (baseline writes files)", bundleJms / baseline,
                        Double.NaN, true))
                .append(Double.isNaN(sdk) ? "- official SDK: Node not available, not measured\n"
                        : ratioLine("bundle (file sink) / official TypeScript SDK", bundleFile / sdk, 1.5, true))
                .append('\n');

        md.append("## 2. Memory: ").append(String.format(Locale.ROOT, "%,d", memoryRecords))
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
        md.append('\n');

        double floor = median(latency.getOrDefault("baseline", List.of()).stream().map(r -> (double) r[1]).toList());
        md.append("## 3. Latency hiding: the sandbox adds 200 ms to every page\n\n")
                .append("The plain-Java program (no overlap at all) shows the floor of this machine: the sandbox's own ")
                .append("work per page comes on top of the 200 ms, and no client can ask for page N+1 before page N's ")
                .append("answer names its cursor.\n\n")
                .append("| variant | pages | median wall ms | pages × 200 ms | ratio | ratio to the plain program | ")
                .append("target ≤ 1.15 |\n|---|---:|---:|---:|---:|---:|---|\n");
        latency.forEach((variant, runs) -> {
            long pages = runs.get(0)[0];
            double wall = median(runs.stream().map(r -> (double) r[1]).toList());
            double ratio = wall / (pages * 200.0);
            md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,d | %.3f | %.3f | %s |%n", describe(variant),
                    pages, wall, pages * 200, ratio, wall / floor, variant.endsWith("no-prefetch")
                            || variant.equals("baseline") ? "(reference)" : verdict(ratio <= 1.15)));
        });
        md.append('\n');

        md.append("## 4. Inbound: HTTP update → validate → PATCH to the sandbox\n\n")
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
                .append(String.format(Locale.ROOT, "- added p50: %.2f ms (target ≤ 2 ms: %s)%n", addedP50,
                        verdict(addedP50 <= 2)))
                .append(String.format(Locale.ROOT, "- added p99: %.2f ms (target ≤ 10 ms: %s)%n", addedP99,
                        verdict(addedP99 <= 10)))
                .append(String.format(Locale.ROOT, "- sustained: %,.0f requests/s with %s clients for %s s, %d errors, "
                        + "p50 %s µs, p99 %s µs (target ≥ 1,000 req/s and 0 errors: %s)%n%n", rps,
                        inboundThroughput.get("clients"), inboundThroughput.get("seconds"), errors,
                        inboundThroughput.get("p50_us"), inboundThroughput.get("p99_us"),
                        verdict(rps >= 1000 && errors == 0)));

        md.append("## 5. Start-up: process start to all routes started (fat jar)\n\n")
                .append("| variant | median ms | min | max | runs | target ≤ 2,000 ms |\n|---|---:|---:|---:|---:|---|\n");
        startup.forEach((variant, runs) -> {
            List<Double> ms = runs.stream().map(r -> (double) r[0]).toList();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %d | %s |%n", describe(variant),
                    median(ms), ms.stream().mapToDouble(d -> d).min().orElse(0),
                    ms.stream().mapToDouble(d -> d).max().orElse(0), ms.size(), verdict(median(ms) <= 2000)));
        });
        md.append("\nCamel's own \"started in\" per run: ").append(String.join(", ", camelStartedIn)).append(".\n");
        Files.writeString(markdown, md.toString());
        plot(plot, baseline, bundleFile, bundleJms, sdk);
    }

    private static String describe(String name) {
        return switch (name) {
            case "baseline" -> "plain Java (JDK HttpClient + Jackson streaming → NDJSON files)";
            case "bundle-file" -> "bundle, file sink";
            case "bundle-file-unchecked" -> "bundle, file sink, kombo.sync.invalid-records=deliver (no schema check)";
            case "bundle-jms" -> "bundle, JMS sink (persistent, embedded Artemis)";
            case "sdk" -> "official TypeScript SDK @kombo-api/sdk 1.1.3 (counts only)";
            case "file" -> "bundle, file sink";
            case "jms" -> "bundle, JMS sink";
            case "file-no-prefetch" -> "bundle, file sink, kombo.sync.prefetch=false";
            case "jms-no-prefetch" -> "bundle, JMS sink, kombo.sync.prefetch=false";
            case "plain" -> "java -jar";
            case "appcds" -> "java -XX:SharedArchiveFile (AppCDS archive of a training run)";
            default -> name;
        };
    }

    private static String ratioLine(String what, double ratio, double target, boolean atLeast) {
        String verdict = Double.isNaN(target) ? "" : String.format(Locale.ROOT, " (target %s %.1f: %s)",
                atLeast ? "≥" : "≤", target, verdict(atLeast ? ratio >= target : ratio <= target));
        return String.format(Locale.ROOT, "- %s: **%.2f×**%s%n", what, ratio, verdict);
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

    private static double medianOf(List<Map<String, String>> runs, String field) {
        return runs == null ? Double.NaN : median(runs.stream().map(r -> Double.parseDouble(r.get(field))).toList());
    }

    // ---- the plot: four bar charts side by side

    private void plot(Path file, double baseline, double bundleFile, double bundleJms, double sdk) throws IOException {
        int panelW = 360;
        int h = 340;
        BufferedImage image = new BufferedImage(panelW * 4, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), h);

        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("baseline", baseline);
        rates.put("bundle file", bundleFile);
        rates.put("bundle JMS", bundleJms);
        if (!Double.isNaN(sdk)) {
            rates.put("TS SDK", sdk);
        }
        bars(g, 0, panelW, h, "Sync throughput (records/s)", rates, Double.NaN);

        Map<String, Double> heap = new LinkedHashMap<>();
        memory.forEach((records, v) -> heap.put(records >= 1_000_000 ? records / 1_000_000 + "M" : records / 1000 + "k",
                (double) v[0]));
        bars(g, panelW, panelW, h, "Live heap after full GC (MB), -Xmx128m", heap, 128);

        Map<String, Double> ratios = new LinkedHashMap<>();
        latency.forEach((variant, runs) -> ratios.put(variant.replace("-no-prefetch", " off"),
                median(runs.stream().map(r -> (double) r[1]).toList()) / (runs.get(0)[0] * 200.0)));
        bars(g, panelW * 2, panelW, h, "Wall time / (pages x 200 ms)", ratios, 1.15);

        Map<String, Double> start = new LinkedHashMap<>();
        startup.forEach((variant, runs) -> start.put(variant, median(runs.stream().map(r -> (double) r[0]).toList())));
        bars(g, panelW * 3, panelW, h, "Start-up to routes started (ms)", start, 2000);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void bars(Graphics2D g, int x0, int w, int h, String title, Map<String, Double> values, double line) {
        int left = x0 + 50;
        int right = x0 + w - 15;
        int top = 45;
        int bottom = h - 45;
        double max = values.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(v -> v).max().orElse(1);
        if (!Double.isNaN(line)) {
            max = Math.max(max, line);
        }
        max *= 1.15;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0 + 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        int n = Math.max(1, values.size());
        int slot = (right - left) / n;
        int i = 0;
        Color[] colors = {new Color(0x4C72B0), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B2)};
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            double v = Double.isNaN(entry.getValue()) ? 0 : entry.getValue();
            int barH = (int) ((bottom - top) * v / max);
            int x = left + i * slot + slot / 6;
            g.setColor(colors[i % colors.length]);
            g.fillRect(x, bottom - barH, slot * 2 / 3, barH);
            g.setColor(Color.BLACK);
            String label = v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
            g.drawString(label, x, bottom - barH - 4);
            g.drawString(entry.getKey(), x, bottom + 16);
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
