package dev.kombo.interviews.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * A second broker process for the benchmarks: artemis-server with persistence on (the bundle's own broker
 * configuration, {@link EmbeddedBroker}), reached by the bundle over TCP with {@code jms.broker.embedded=false}.
 * The bundle's production shape talks to a broker of its own like this one.
 *
 * <pre>
 * ExternalBroker --data-dir DIR --port N [--user kombo]     (password: environment variable BROKER_PASSWORD)
 * </pre>
 * Prints {@code BROKER READY tcp://127.0.0.1:N} and runs until it is stopped.
 */
public final class ExternalBroker {

    private ExternalBroker() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "data-dir", "port", "user");
        String password = System.getenv("BROKER_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("BROKER_PASSWORD is not set");
        }
        EmbeddedBroker broker = new EmbeddedBroker(Path.of(Args.required(args, "data-dir")), "127.0.0.1",
                Integer.parseInt(Args.required(args, "port")), args.getOrDefault("user", "kombo"), password);
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("BROKER READY " + broker.brokerUrl());
        stopped.await();
    }
}
