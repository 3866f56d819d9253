package dev.kombo.interviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kombo's official TypeScript SDK ({@code @kombo-api/sdk}, which validates answers strictly with zod), installed by
 * npm into {@link #WORK} next to the scripts of {@code src/test/sdk}, and those scripts run with node. A test that
 * needs it is skipped where node or npm is missing.
 */
public final class OfficialSdk {

    public static final String VERSION = "1.1.3";
    public static final Path WORK = Path.of("target/sdk-check");
    private static final Path SOURCE = Path.of("src/test/sdk");

    private OfficialSdk() {
    }

    /** How a script ended, and what it printed (stdout and stderr). */
    public record Result(int exitCode, String output) {

        /** The last line of output that is a JSON object: what the script reports. */
        public String lastLine() {
            List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as("JSON line in %s", output).isNotEmpty();
            return lines.get(lines.size() - 1);
        }
    }

    /** Copies the scripts and installs the SDK (unless this version is there); skips the test without node/npm. */
    public static synchronized void install() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the SDK check");
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path installed = WORK.resolve("node_modules/@kombo-api/sdk/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + VERSION + "\"")) {
            Result install = run(List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), 300);
            assertThat(install.exitCode()).as("npm install: %s", install.output()).isZero();
        }
    }

    /** Runs a command in {@link #WORK}. */
    public static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        File log = Files.createTempFile(WORK, "run", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        Files.delete(log.toPath());
        return new Result(finished ? process.exitValue() : -1, output);
    }

    private static boolean onPath(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
