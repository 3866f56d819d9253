package dev.kombo.interviews.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox on its own until the JVM is stopped:
 * {@code --port 8099 --api-key secret --integration acme:1=5000 --integration acme:2=100 --seed 7
 * --patch-concurrency-limit 30 --patch-latency-ms 0 --rate-limit 100000 --schema-drift false}.
 */
public final class SandboxMain {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxMain.class);

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        KomboSandbox sandbox = new KomboSandbox(parse(args)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "kombo-sandbox-shutdown"));
        LOG.info("Kombo sandbox ready: base URL {} , API key \"{}\", admin API {}/sandbox/integrations",
                sandbox.baseUrl(), sandbox.settings().apiKey(), sandbox.origin());
        stopped.await();
    }

    static SandboxSettings parse(String[] args) {
        SandboxSettings.Builder builder = SandboxSettings.builder().port(8099);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--host" -> builder.host(value);
                case "--api-key" -> builder.apiKey(value);
                case "--seed" -> builder.seed(Long.parseLong(value));
                case "--deleted-every" -> builder.deletedEvery(Integer.parseInt(value));
                case "--latency-ms" -> builder.latencyPerPageMs(Long.parseLong(value));
                case "--patch-concurrency-limit" -> builder.patchConcurrencyLimit(Integer.parseInt(value));
                case "--patch-latency-ms" -> builder.patchLatencyMs(Long.parseLong(value));
                case "--rate-limit" -> builder.rateLimit(Integer.parseInt(value));
                case "--schema-drift" -> builder.schemaDrift(Boolean.parseBoolean(value));
                case "--integration" -> {
                    int eq = value.lastIndexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--integration expects id=count, got " + value);
                    }
                    builder.integration(value.substring(0, eq), Integer.parseInt(value.substring(eq + 1)));
                }
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (known: --port --host --api-key --seed --deleted-every --latency-ms --patch-concurrency-limit"
                        + " --patch-latency-ms --rate-limit --schema-drift --integration id=count)");
            }
        }
        return builder.build();
    }
}
