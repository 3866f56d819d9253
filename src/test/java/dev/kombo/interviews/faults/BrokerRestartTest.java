package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.Message;

import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;

import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.EmbeddedServices;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.SyncOutcome;

/** The broker restarts in the middle of a sync: delivery resumes, nothing is lost or enqueued twice. */
class BrokerRestartTest extends BundleTestSupport {

    private static final int RECORDS = 2000;
    private final AtomicBoolean restarted = new AtomicBoolean();
    private final AtomicInteger page3Deliveries = new AtomicInteger();
    /** The probe restarts the broker when page 3 reaches it, before the JMS sink sends any of it. */
    private volatile boolean restartBeforePage3 = true;
    /** What the probe sees each time page 3 reaches the sinks again (the sync's redelivery). */
    private final List<String> page3Retries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Completes once the broker is back, with the number of messages it kept. */
    private final CompletableFuture<Integer> keptByRestartedBroker = new CompletableFuture<>();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integration.acme.sinks", "probe,jms");
        p.setProperty("kombo.sink.retry.max-attempts", "10");
        p.setProperty("kombo.sink.retry.max-total-ms", "60000");
        return p;
    }

    private EmbeddedBroker broker() {
        return context.getRegistry().lookupByNameAndType("embeddedServices", EmbeddedServices.class).broker()
                .orElseThrow();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // runs before the JMS sink for each page: on page 3 it restarts the broker once
        return probeSink(page -> {
            if (page.number() == 3) {
                if (page3Deliveries.incrementAndGet() > 1) {
                    page3Retries.add(runState("acme"));
                    // the sends of the retry wait until the restarted broker was looked at
                    keptByRestartedBroker.get(60, TimeUnit.SECONDS);
                }
                if (restartBeforePage3 && restarted.compareAndSet(false, true)) {
                    broker().close();
                    broker().start();
                    keptByRestartedBroker.complete(queued());
                }
            }
        });
    }

    @Test
    void a_broker_restart_mid_sync_loses_and_duplicates_nothing() throws Exception {
        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(restarted).isTrue();
        assertThat(page3Deliveries.get()).as("page 3 reached the sinks (again, if the send failed)").isPositive();
        List<Message> drained = drainQueue(property("kombo.sink.jms.queue"));
        int messages = drained.size();
        Set<String> versions = new HashSet<>();
        for (Message m : drained) {
            versions.add(m.getStringProperty("KomboInterviewId"));
        }
        assertThat(messages).as("nothing lost, nothing enqueued twice").isEqualTo(RECORDS);
        assertThat(versions).hasSize(RECORDS);
    }

    @Test
    void a_broker_restart_while_a_page_awaits_its_confirmations_sends_the_page_again_and_enqueues_each_record_once()
            throws Exception {
        restartBeforePage3 = false;
        // the broker takes pages 1-2 and the first 100 messages of page 3, then hears nothing more from the JMS sink's
        // connection (as if the network to it failed) and restarts: the sink's page is in flight, at least 150 of its
        // messages unconfirmed, when the broker goes down. Everything on that connection is lost, not only the sends:
        // Artemis confirms by counting the packets of a connection, so it must see an unbroken prefix of them.
        AtomicInteger sends = new AtomicInteger();
        AtomicReference<Object> deaf = new AtomicReference<>();
        Interceptor deafFromSend601 = (packet, connection) -> {
            if (connection == deaf.get()) {
                return false;
            }
            if (packet.getType() != PacketImpl.SESS_SEND || sends.incrementAndGet() <= 600) {
                return true;
            }
            deaf.set(connection);
            if (restarted.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> {
                    try {
                        // the 600 it took are stored (the sends it never heard can never be confirmed), then it stops
                        await().atMost(Duration.ofSeconds(30)).until(() -> queued() >= 600);
                        broker().close();
                        broker().start();
                        keptByRestartedBroker.complete(queued());
                    } catch (Exception e) {
                        keptByRestartedBroker.completeExceptionally(e);
                    }
                });
            }
            return false;
        };
        broker().server().orElseThrow().getRemotingService().addIncomingInterceptor(deafFromSend601);

        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(restarted).isTrue();
        assertThat(keptByRestartedBroker.get()).as("pages 1-2 and the part of page 3 the broker had").isEqualTo(600);
        assertThat(page3Retries).as("page 3 was not counted as delivered and was sent again: the checkpoint still "
                + "at page 2, no watermark").isNotEmpty()
                .allMatch(state -> state.equals("checkpoint pages_done=2 records_done=500, watermark absent"));
        assertThat(outcome.deliveredPerSink()).containsEntry("jms", (long) RECORDS);
        List<Message> drained = drainQueue(property("kombo.sink.jms.queue"));
        Set<String> ids = new HashSet<>();
        for (Message m : drained) {
            ids.add(m.getStringProperty("KomboInterviewId"));
        }
        assertThat(drained).as("nothing lost, nothing enqueued twice (page 3's first 100 were sent twice)")
                .hasSize(RECORDS);
        assertThat(ids).hasSize(RECORDS);
    }

    /** How many messages the sink's queue holds, as the broker counts them (what it loaded from its journal). */
    private int queued() {
        return (int) broker().server().orElseThrow().locateQueue(property("kombo.sink.jms.queue")).getMessageCount();
    }

    @Test
    void readiness_is_down_naming_the_broker_and_its_jms_sinks_while_the_broker_is_down() throws Exception {
        broker().close();
        Optional<JsonNode> down = brokerCheck();
        broker().start();

        assertThat(down).as("the health report lists the broker check while it is DOWN").isPresent();
        assertThat(down.get().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.get().path("data").path("broker.used_by_jms_sink_of").asText()).isEqualTo("acme,globex");
        assertThat(down.get().path("data").path("broker.reason").asText()).isNotBlank();
        // back up: the check is no longer reported DOWN
        await().atMost(Duration.ofSeconds(20)).until(() -> brokerCheck()
                .map(check -> check.path("status").asText().equals("UP")).orElse(true));
    }

    /** The broker's entry in the readiness report of the management port (it lists the checks that are DOWN). */
    private Optional<JsonNode> brokerCheck() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + property("kombo.management.port") + "/observe/health?exposure=full&data=true"))
                .build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(health.body()).path("checks")) {
            if (check.path("name").asText().equals("kombo-broker")) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }
}
