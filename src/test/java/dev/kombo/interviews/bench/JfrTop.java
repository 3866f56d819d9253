package dev.kombo.interviews.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went: the top frames (self time) and, by
 * inclusive time, the methods of the bundle, Camel, Jackson and the JDK's I/O that the samples passed through.
 *
 * <pre>
 * JfrTop recording.jfr [top-n]
 * </pre>
 * Also used by {@link BenchmarkSuite} for the profiles in docs/BENCHMARKS.md.
 */
public final class JfrTop {

    /**
     * Self and inclusive sample counts by frame ({@code class.method}), samples per thread name; the peak of live
     * threads, the largest heap after a GC and the largest committed heap (MB, -1 without such events); the fsyncs
     * ({@code jdk.FileForce}) seen and their total time.
     */
    record Profile(int samples, Map<String, Integer> self, Map<String, Integer> inclusive, Map<String, Integer> threads,
            long peakThreads, long maxHeapAfterGcMb, long maxCommittedMb, int fsyncs, double fsyncMillis,
            long jitMillis) {

        List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                    .toList();
        }

        String format(int n) {
            StringBuilder text = new StringBuilder();
            text.append(samples).append(" CPU samples (every 10 ms of a running Java thread); ").append(fsyncs)
                    .append(String.format(" fsyncs taking %.0f ms in all; JIT compilation %,d ms%n%nthreads:%n",
                            fsyncMillis, jitMillis));
            top(threads, 8).forEach(e -> text.append(line(e)));
            text.append("\ntop frames (self):\n");
            top(self, n).forEach(e -> text.append(line(e)));
            // Camel's engine frames (impl, processor, support) are under every sample: what they call tells more
            text.append("\ninclusive (the bundle, Camel's components and languages, Jackson, HTTP client, zip, I/O):\n");
            top(inclusive.entrySet().stream().filter(e -> e.getKey().startsWith("dev.kombo")
                    && !e.getKey().startsWith("dev.kombo.interviews.Application")
                    || e.getKey().startsWith("org.apache.camel.component") || e.getKey().startsWith("org.apache.camel.language")
                    || e.getKey().startsWith("com.fasterxml") || e.getKey().startsWith("org.apache.hc")
                    || e.getKey().startsWith("java.util.zip") || e.getKey().startsWith("sun.nio.ch")
                    || e.getKey().startsWith("org.apache.logging"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), n)
                    .forEach(e -> text.append(line(e)));
            return text.toString();
        }

        private String line(Map.Entry<String, Integer> e) {
            return String.format("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getValue(),
                    e.getKey());
        }
    }

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        System.out.print(read(Path.of(args[0])).format(args.length > 1 ? Integer.parseInt(args[1]) : 25));
    }

    /** A recording configuration with only what the benchmarks read, CPU samples every 10 ms. */
    static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="kombo-bench">
              <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
              <event name="jdk.JavaThreadStatistics"><setting name="enabled">true</setting><setting name="period">500 ms</setting></event>
              <event name="jdk.GCHeapSummary"><setting name="enabled">true</setting></event>
              <event name="jdk.CompilerStatistics"><setting name="enabled">true</setting><setting name="period">1000 ms</setting></event>
              <event name="jdk.FileForce"><setting name="enabled">true</setting><setting name="stackTrace">true</setting><setting name="threshold">0 ms</setting></event>
            </configuration>
            """;

    static Profile read(Path recording) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new LinkedHashMap<>();
        int samples = 0;
        long peakThreads = -1;
        long heapAfterGc = -1;
        long committed = -1;
        int fsyncs = 0;
        double fsyncMillis = 0;
        long jitMillis = -1;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            switch (event.getEventType().getName()) {
                case "jdk.JavaThreadStatistics" -> peakThreads = Math.max(peakThreads, event.getLong("peakCount"));
                case "jdk.GCHeapSummary" -> {
                    if ("After GC".equals(event.getString("when"))) {
                        heapAfterGc = Math.max(heapAfterGc, event.getLong("heapUsed") >> 20);
                    }
                    committed = Math.max(committed, event.getLong("heapSpace.committedSize") >> 20);
                }
                case "jdk.CompilerStatistics" -> jitMillis = Math.max(jitMillis,
                        event.getDuration("totalTimeSpent").toMillis());
                case "jdk.FileForce" -> {
                    fsyncs++;
                    fsyncMillis += event.getDuration().toNanos() / 1e6;
                }
                default -> {
                }
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("#\\d+", "#n").replaceAll("-\\d+$", "-n"), 1,
                    Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        return new Profile(samples, self, inclusive, threads, peakThreads, heapAfterGc, committed, fsyncs, fsyncMillis,
                jitMillis);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
