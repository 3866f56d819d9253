package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Message;

import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.bench.ExternalBroker;
import dev.kombo.interviews.sync.SyncOutcome;

/**
 * An external broker (its own JVM, journal on disk) crashes while the JMS sink waits for the confirmations of a
 * page: the process dies at once when the 100th message of page 3 arrives, so some of the page's messages are
 * in its journal without the sender having heard of them. Restarted on the same journal, it gets the page again:
 * every interview once on the queue, none lost.
 */
class BrokerCrashTest extends BundleTestSupport {

    private static final int RECORDS = 2000;
    private static final String PASSWORD = "crash-" + UUID.randomUUID();
    private static final Pattern READY = Pattern.compile("^READY (\\S+) queued=(\\d+)$");
    private static final Path DATA = Path.of("target", "test-work", "BrokerCrashTest-broker-" + UUID.randomUUID())
            .toAbsolutePath();
    private static int port;
    private static final List<ChildProcess> brokers = new ArrayList<>();

    private final AtomicInteger page3Deliveries = new AtomicInteger();
    private final List<String> page3Retries = Collections.synchronizedList(new ArrayList<>());

    /** Started before the bundle, which connects at start-up; it dies when the 600th message arrives. */
    @BeforeAll
    static void startBrokerThatCrashes() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        broker("--halt-after-sends", "600");
    }

    @AfterAll
    static void stopBrokers() throws InterruptedException {
        for (ChildProcess broker : brokers) {
            broker.close();
        }
    }

    /** An {@link ExternalBroker} on the test's journal and port; returns the messages it found in its journal. */
    private static int broker(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), ExternalBroker.class.getName(),
                "--data", DATA.toString(), "--port", String.valueOf(port), "--password", PASSWORD,
                "--queue", "kombo.interviews"));
        command.addAll(List.of(extra));
        ChildProcess broker = ChildProcess.start(command, Path.of("").toAbsolutePath(), java.util.Map.of(),
                DATA.resolveSibling(DATA.getFileName() + "-" + (brokers.size() + 1) + ".log"));
        brokers.add(broker);
        Matcher ready = READY.matcher(broker.await(line -> READY.matcher(line).matches(), Duration.ofMinutes(1))
                .text());
        assertThat(ready.matches()).isTrue();
        return Integer.parseInt(ready.group(2));
    }

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integrations", "acme");
        p.setProperty("kombo.integration.acme.sinks", "probe,jms");
        p.setProperty("jms.broker.embedded", "false");
        p.setProperty("jms.broker.url", "tcp://127.0.0.1:" + port);
        p.setProperty("jms.broker.password", PASSWORD);
        // the sink retries while the broker is down and starting again (a JVM start on a loaded machine)
        p.setProperty("kombo.sink.retry.max-attempts", "40");
        p.setProperty("kombo.sink.retry.max-delay-ms", "1000");
        p.setProperty("kombo.sink.retry.max-total-ms", "90000");
        return p;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // runs before the JMS sink for each page: notes the run's state on disk whenever page 3 comes again
        return probeSink(page -> {
            if (page.number() == 3 && page3Deliveries.incrementAndGet() > 1) {
                page3Retries.add(runState("acme"));
            }
        });
    }

    @Test
    void a_broker_crash_while_a_page_awaits_its_confirmations_loses_and_duplicates_nothing() throws Exception {
        CompletableFuture<SyncOutcome> run = CompletableFuture.supplyAsync(() -> sync("acme"));

        ChildProcess crashed = brokers.get(0);
        assertThat(crashed.waitFor(Duration.ofMinutes(2))).as("the broker process died (halt)").isEqualTo(99);
        int kept = broker(); // the same journal and port, no crash this time
        SyncOutcome outcome = run.get(3, TimeUnit.MINUTES);

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(kept).as("everything confirmed survived the crash; the 600th message never arrived")
                .isBetween(500, 599);
        assertThat(page3Retries).as("page 3 was not counted as delivered and was sent again").isNotEmpty()
                .allMatch(state -> state.equals("checkpoint pages_done=2 records_done=500, watermark absent"));
        List<Message> drained = drainQueue(property("kombo.sink.jms.queue"));
        Set<String> ids = new HashSet<>();
        for (Message m : drained) {
            ids.add(m.getStringProperty("KomboInterviewId"));
        }
        System.out.printf("FIGURES broker crash: journal kept %d messages (%d of page 3); page 3 sent %d times; "
                + "queue %d messages, %d distinct interviews%n", kept, kept - 500, page3Deliveries.get(),
                drained.size(), ids.size());
        assertThat(drained).as("nothing lost, nothing enqueued twice").hasSize(RECORDS);
        assertThat(ids).hasSize(RECORDS);
    }
}
