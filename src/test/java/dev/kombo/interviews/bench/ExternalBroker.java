package dev.kombo.interviews.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;

import dev.kombo.interviews.sink.EmbeddedBroker;

/**
 * An Artemis broker in a process of its own, reached over TCP only: the bundle's broker configuration
 * ({@link EmbeddedBroker}: persistence on, NIO journal on disk, persisted duplicate detection), nothing shared
 * with the bundle's JVM. The JMS sink benchmark measures against it; fault tests crash it.
 *
 * <pre>
 * ExternalBroker --data DIR --port N --password P [--queue NAME] [--halt-after-sends N]
 * </pre>
 * Prints {@code READY tcp://127.0.0.1:N queued=M} once it accepts connections ({@code M}: the messages on
 * {@code --queue} it loaded from its journal); runs until its standard input closes (the parent process ended)
 * or it is stopped. {@code --halt-after-sends}: the process dies at once (no shutdown, no flush, as in a crash)
 * when the N-th message sent to it arrives, before the broker handles it.
 */
public final class ExternalBroker {

    private ExternalBroker() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "data", "port", "password", "queue", "halt-after-sends");
        EmbeddedBroker broker = new EmbeddedBroker(Path.of(Args.required(args, "data")), "127.0.0.1",
                Integer.parseInt(Args.required(args, "port")), "kombo", Args.required(args, "password"));
        broker.start();
        ActiveMQServer server = broker.server().orElseThrow();
        if (args.containsKey("halt-after-sends")) {
            int haltAt = Integer.parseInt(args.get("halt-after-sends"));
            AtomicInteger sends = new AtomicInteger();
            server.getRemotingService().addIncomingInterceptor((Interceptor) (packet, connection) -> {
                if (packet.getType() == PacketImpl.SESS_SEND && sends.incrementAndGet() >= haltAt) {
                    Runtime.getRuntime().halt(99);
                }
                return true;
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        Queue queue = args.containsKey("queue") ? server.locateQueue(args.get("queue")) : null;
        System.out.println("READY " + broker.brokerUrl() + " queued=" + (queue == null ? 0 : queue.getMessageCount()));
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing to read: the loop ends when the parent closes the pipe
        }
        System.exit(0);
    }
}
