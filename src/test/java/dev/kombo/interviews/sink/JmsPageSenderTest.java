package dev.kombo.interviews.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.InterviewRecord;

/** The JMS sink's sender against a real (embedded) Artemis broker. */
class JmsPageSenderTest {

    private static final String USER = "kombo";
    private static final String PASSWORD = "s3cret";
    private static final String QUEUE = "kombo.interviews";
    private static final JmsPageSender.Settings SETTINGS = new JmsPageSender.Settings(1024 * 1024, 1024 * 1024,
            Duration.ofSeconds(30));

    @TempDir
    Path dataDir;

    private EmbeddedBroker broker;
    private final ConfirmationGate gate = new ConfirmationGate();
    private final List<JmsPageSender> senders = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dataDir, "127.0.0.1", 0, USER, PASSWORD);
        broker.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (JmsPageSender sender : senders) {
            sender.stop();
        }
        broker.close();
    }

    private JmsPageSender sender(JmsPageSender.Settings settings) {
        return sender(settings, gate);
    }

    /** A sender whose connection passes the broker's answers through a gate (open unless a test closes it). */
    private JmsPageSender sender(JmsPageSender.Settings settings, ConfirmationGate gate) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.brokerUrl(), USER, PASSWORD);
        factory.getServerLocator().addIncomingInterceptor(gate);
        JmsPageSender sender = new JmsPageSender(factory, settings, 2);
        senders.add(sender);
        return sender;
    }

    /** An interview as Kombo might send it: a line break between tokens, non-ASCII text; every 7th deleted. */
    private static InterviewRecord record(int n) {
        String changedAt = "2026-11-0" + (1 + n % 9) + "T10:00:00.000Z";
        boolean deleted = n % 7 == 0;
        String json = "{\"id\":\"iv-" + n + "\",\n \"changed_at\":\"" + changedAt + "\",\"title\":\"Interview n° " + n
                + " ✓\",\"remote_deleted_at\":" + (deleted ? "\"2026-11-09T00:00:00.000Z\"" : "null") + "}";
        return new InterviewRecord("iv-" + n, changedAt, deleted, json.getBytes(StandardCharsets.UTF_8));
    }

    private static InterviewPage page(int number, int from, int to) {
        return new InterviewPage("acme", "sandbox:acme-greenhouse", "20261201T100000000Z", number,
                IntStream.range(from, to).mapToObj(JmsPageSenderTest::record).toList());
    }

    private List<TextMessage> drain() throws Exception {
        List<TextMessage> messages = new ArrayList<>();
        try (Connection connection = EmbeddedBroker.connectionFactory(broker.brokerUrl(), USER, PASSWORD)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            for (Message m = consumer.receive(2000); m != null; m = consumer.receive(300)) {
                messages.add((TextMessage) m);
            }
        }
        return messages;
    }

    private static List<String> ids(List<TextMessage> messages) throws JMSException {
        List<String> ids = new ArrayList<>();
        for (TextMessage m : messages) {
            ids.add(m.getStringProperty("KomboInterviewId"));
        }
        return ids;
    }

    @Test
    void every_record_is_a_persistent_message_with_its_json_as_sent_and_the_sink_headers() throws Exception {
        InterviewPage page = page(1, 0, 10);

        sender(SETTINGS).send(page, QUEUE);

        List<TextMessage> messages = drain();
        assertThat(messages).hasSize(10);
        for (TextMessage m : messages) {
            InterviewRecord record = page.records().stream()
                    .filter(r -> r.id().equals(uncheckedId(m))).findFirst().orElseThrow();
            assertThat(m.getText()).isEqualTo(record.json());
            assertThat(m.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(m.getStringProperty("KomboIntegration")).isEqualTo("acme");
            assertThat(m.getStringProperty("KomboIntegrationId")).isEqualTo("sandbox:acme-greenhouse");
            assertThat(m.getStringProperty("KomboChangedAt")).isEqualTo(record.changedAt());
            assertThat(m.getBooleanProperty("KomboDeleted")).isEqualTo(record.deleted());
            assertThat(m.getStringProperty("_AMQ_DUPL_ID")).isEqualTo("sandbox:acme-greenhouse:" + record.versionKey());
        }
    }

    private static String uncheckedId(TextMessage m) {
        try {
            return m.getStringProperty("KomboInterviewId");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_page_sent_again_is_confirmed_without_error_and_the_broker_enqueues_only_what_it_did_not_have()
            throws Exception {
        JmsPageSender sender = sender(SETTINGS);
        sender.send(page(1, 0, 100), QUEUE);

        // the same page again, and a page half made of versions the broker already has: both confirmed in full
        sender.send(page(1, 0, 100), QUEUE);
        sender.send(page(2, 50, 150), QUEUE);

        List<String> ids = ids(drain());
        assertThat(ids).hasSize(150).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 150).mapToObj(n -> "iv-" + n).toList());
    }

    @Test
    void a_page_the_broker_does_not_confirm_in_time_fails_naming_how_many_were_confirmed() throws Exception {
        JmsPageSender sender = sender(new JmsPageSender.Settings(1024 * 1024, 1024 * 1024, Duration.ofMillis(500)));
        sender.send(page(1, 0, 10), QUEUE);
        gate.loseAfter(40);

        assertThatThrownBy(() -> sender.send(page(2, 100, 200), QUEUE))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("acme page 2: the broker confirmed 40 of 100 messages within 500 ms");

        // the broker stored them all, only its answers were lost: sent again, none is enqueued twice
        gate.open();
        sender.send(page(2, 100, 200), QUEUE);
        assertThat(ids(drain())).hasSize(110).doesNotHaveDuplicates();
    }

    @Test
    void a_broker_restarting_while_a_page_is_unconfirmed_fails_the_page_at_once_and_the_page_sent_again_is_whole()
            throws Exception {
        JmsPageSender sender = sender(SETTINGS);
        sender.send(page(1, 0, 10), QUEUE);
        CompletableFuture<Integer> storedAtRestart = new CompletableFuture<>();
        // answers lost from the 151st on; the broker stops (and starts again) while the page waits for them
        gate.loseAfter(150).onFirstLost(() -> CompletableFuture.runAsync(() -> {
            try {
                broker.close();
                broker.start();
                storedAtRestart.complete(queued());
            } catch (Exception e) {
                storedAtRestart.completeExceptionally(e);
            }
        }));

        long started = System.nanoTime();
        assertThatThrownBy(() -> sender.send(page(2, 100, 400), QUEUE))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("acme page 2: the broker confirmed 150 of 300 messages, 150 failed");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the connection failure ends the wait, "
                + "not the 30 s confirmation timeout").isLessThan(Duration.ofSeconds(20));
        assertThat(storedAtRestart.get(30, TimeUnit.SECONDS)).as("the broker kept messages it never confirmed")
                .isGreaterThan(10 + 150);

        // the connection is opened again; the broker drops what it stored before it stopped
        gate.open();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> sender.send(page(2, 100, 400),
                QUEUE));
        assertThat(ids(drain())).hasSize(310).doesNotHaveDuplicates();
    }

    /** How many messages the queue holds, as the broker counts them (what it loaded from its journal). */
    private int queued() {
        return (int) broker.server().orElseThrow().locateQueue(QUEUE).getMessageCount();
    }

    @Test
    void an_empty_page_is_delivered_without_asking_the_broker() throws Exception {
        JmsPageSender sender = sender(SETTINGS);
        broker.close();

        sender.send(page(7, 0, 0), QUEUE);

        broker.start();
        assertThat(drain()).isEmpty();
    }

    @Test
    void the_sender_refuses_to_run_without_artemis_confirmation_window() {
        assertThatThrownBy(() -> new JmsPageSender.Settings(-1, 1024 * 1024, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kombo.sink.jms.confirmation-window-size must be > 0");
    }

    /** Why the window is required: without it Artemis completes an asynchronous send the broker never had. */
    @Test
    void without_a_confirmation_window_artemis_reports_a_send_complete_that_the_broker_dropped() throws Exception {
        broker.server().orElseThrow().getRemotingService().addIncomingInterceptor((Interceptor) (packet, connection) ->
                packet.getType() != PacketImpl.SESS_SEND); // every send lost on the way in
        assertThat(completes(-1)).as("confirmationWindowSize=-1: completed although lost").isTrue();
        assertThat(completes(1024 * 1024)).as("with a confirmation window: never completed").isFalse();
    }

    private boolean completes(int confirmationWindowSize) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.brokerUrl(), USER, PASSWORD);
        factory.setConfirmationWindowSize(confirmationWindowSize);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            CountDownLatch completed = new CountDownLatch(1);
            producer.send(session.createTextMessage("lost"), DeliveryMode.PERSISTENT, 4, 0, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    // not completed
                }
            });
            return completed.await(2, TimeUnit.SECONDS);
        } finally {
            factory.close();
        }
    }
}
