package dev.kombo.interviews.bench;

import java.nio.file.Path;
import java.util.Map;

import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * An Artemis broker in a process of its own, for measuring the JMS sink against a broker it reaches over TCP
 * only: the bundle's broker configuration ({@link EmbeddedBroker}: persistence on, NIO journal on disk,
 * persisted duplicate detection), nothing shared with the bundle's JVM.
 *
 * <pre>
 * ExternalBroker --data DIR --port N --password P
 * </pre>
 * Prints {@code READY tcp://127.0.0.1:N} once it accepts connections; runs until its standard input closes
 * (the parent process ended) or it is stopped.
 */
public final class ExternalBroker {

    private ExternalBroker() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "data", "port", "password");
        EmbeddedBroker broker = new EmbeddedBroker(Path.of(Args.required(args, "data")), "127.0.0.1",
                Integer.parseInt(Args.required(args, "port")), "kombo", Args.required(args, "password"));
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("READY " + broker.brokerUrl());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing to read: the loop ends when the parent closes the pipe
        }
        System.exit(0);
    }
}
