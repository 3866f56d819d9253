package dev.kombo.interviews;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of a test or benchmark run (a bundle, the sandbox, a load generator): its output goes to a log file and is also scanned line by line,
 * each line stamped with the time it arrived, so that "process start to this line" can be measured.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final long startNanos;
    private final List<Line> lines = new ArrayList<>();
    private final Thread reader;

    /** One line of output and when it arrived, in ms since the process was started. */
    public record Line(long atMillis, String text) {
    }

    private ChildProcess(Process process, long startNanos, Path log) throws IOException {
        this.process = process;
        this.startNanos = startNanos;
        Files.createDirectories(log.getParent());
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8));
        reader = new Thread(() -> {
            try (out; BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String text; (text = in.readLine()) != null; ) {
                    long at = (System.nanoTime() - startNanos) / 1_000_000;
                    synchronized (lines) {
                        lines.add(new Line(at, text));
                        lines.notifyAll();
                    }
                    out.println(text);
                }
            } catch (IOException e) {
                // the stream closes when the process is stopped: the output ends there
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static ChildProcess start(List<String> command, Path workingDir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new ChildProcess(builder.start(), started, log);
    }

    /** Waits for the first line matching {@code test}; fails when the process ends or time runs out first. */
    public Line await(Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen).text())) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new IllegalStateException("no matching output within " + timeout + " (process "
                            + (process.isAlive() ? "running" : "exited " + process.exitValue()) + "); last lines: "
                            + lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                }
                lines.wait(Math.min(200, Math.max(1, left / 1_000_000)));
            }
        }
    }

    /** Waits for the process to end and for its output to be read; returns the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("still running after " + timeout);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** The first capture of {@code pattern} in the output, or fails naming what was missing. */
    public Matcher find(Pattern pattern) {
        synchronized (lines) {
            for (Line line : lines) {
                Matcher m = pattern.matcher(line.text());
                if (m.find()) {
                    return m;
                }
            }
            throw new IllegalStateException("no line matches " + pattern + "; last lines: "
                    + lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the process at once, as a crash or an OOM kill would: no shutdown hooks, no clean-up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops the process the way an operator would (SIGTERM, graceful shutdown), forcibly if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        reader.join(10_000);
    }
}
