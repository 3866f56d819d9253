package dev.kombo.interviews.sink;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.CachingConnectionFactory;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.InterviewRecord;

/**
 * The JMS sink: every interview of a page as a persistent message, all sent at once with JMS 2.0 asynchronous
 * send, and {@link #send} returns only when the broker has confirmed each one (stored it, or dropped it as a
 * duplicate). Otherwise it throws, naming how many were confirmed, and the sync sends the whole page again:
 * the messages the broker already has carry the same {@code _AMQ_DUPL_ID}, so Artemis drops them.
 * <p>
 * One long-lived connection, shared; a session (with its producer) per page being sent, so integrations that
 * sync in parallel never share one. Spring's {@link CachingConnectionFactory} keeps both and opens a new
 * connection after the broker went away (its exception listener), as it does for the camel-jms routes.
 * <p>
 * Not camel-jms: its producer ({@code JmsTemplate}) sends one message at a time and blocks until the broker has
 * stored it, and has no asynchronous send with a completion callback. Not a JMS transaction per page: Artemis
 * rolls back a whole transaction that holds one duplicate id, and a page sent again is full of them.
 */
public final class JmsPageSender extends ServiceSupport {

    /** Artemis's duplicate-detection property. */
    static final String DUPLICATE_ID = org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID
            .toString();

    /**
     * The sink's connection settings.
     *
     * @param confirmationWindowSize Artemis {@code confirmationWindowSize} (bytes): with it the client asks the
     *                               broker to answer every send once it is stored; without it (-1) Artemis calls
     *                               the CompletionListener as soon as the message has left the client
     * @param producerWindowSize     Artemis {@code producerWindowSize} (bytes the producer may send ahead of the
     *                               broker's credits; -1 unbounded)
     * @param confirmTimeout         how long a page waits for its last confirmation before it counts as failed
     */
    public record Settings(int confirmationWindowSize, int producerWindowSize, Duration confirmTimeout) {

        /** Reads {@code kombo.sink.jms.*}; a value it refuses is one more problem of the configuration. */
        public static Settings read(dev.kombo.interviews.SettingsReader r) {
            int confirmationWindow = r.integer("kombo.sink.jms.confirmation-window-size", Integer.MIN_VALUE,
                    Integer.MAX_VALUE);
            int producerWindow = r.integer("kombo.sink.jms.producer-window-size", Integer.MIN_VALUE, Integer.MAX_VALUE);
            long timeout = r.millis("kombo.sink.jms.confirm-timeout-ms");
            try {
                return new Settings(confirmationWindow, producerWindow, Duration.ofMillis(timeout));
            } catch (IllegalArgumentException refused) {
                r.problem(refused.getMessage());
                return new Settings(1, 1, Duration.ofMillis(1));
            }
        }

        public Settings {
            if (confirmationWindowSize <= 0) {
                throw new IllegalArgumentException("kombo.sink.jms.confirmation-window-size must be > 0, not "
                        + confirmationWindowSize + ": without it Artemis reports an asynchronous send as complete "
                        + "before the broker has stored the message");
            }
            if (producerWindowSize == 0 || producerWindowSize < -1) {
                throw new IllegalArgumentException("kombo.sink.jms.producer-window-size must be > 0 or -1, not "
                        + producerWindowSize);
            }
            if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
                throw new IllegalArgumentException("kombo.sink.jms.confirm-timeout-ms must be > 0");
            }
        }
    }

    private final CachingConnectionFactory connections;
    private final Duration confirmTimeout;

    /**
     * @param broker   the Artemis connection factory of the sink (the settings' windows are set on it)
     * @param sessions sessions kept open: as many as pages may be sent at once (one per integration with a JMS
     *                 sink); more are opened when needed and closed after their page
     */
    public JmsPageSender(ActiveMQConnectionFactory broker, Settings settings, int sessions) {
        broker.setConfirmationWindowSize(settings.confirmationWindowSize());
        broker.setProducerWindowSize(settings.producerWindowSize());
        this.connections = new CachingConnectionFactory(broker);
        this.connections.setSessionCacheSize(Math.max(1, sessions));
        this.confirmTimeout = settings.confirmTimeout();
    }

    /**
     * Sends every record of the page to the queue and waits until the broker has confirmed each message.
     *
     * @throws JMSException when a message could not be sent, the broker refused one, or not every confirmation
     *                      arrived within the timeout; the page is then to be sent again
     */
    public void send(InterviewPage page, String queue) throws JMSException {
        if (page.records().isEmpty()) {
            return; // nothing to confirm: an empty last page needs no broker
        }
        Confirmations confirmations = new Confirmations(page.records().size());
        // the shared connection (closing this handle leaves it open); the session comes from the cache
        Connection connection = connections.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            int sent = 0;
            try {
                for (InterviewRecord record : page.records()) {
                    producer.send(message(session, page, record), DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY,
                            Message.DEFAULT_TIME_TO_LIVE, confirmations);
                    sent++;
                }
            } catch (JMSException | RuntimeException e) {
                throw failure(page, "sending failed after " + sent + " of " + page.records().size()
                        + " messages (" + confirmations.confirmed() + " confirmed by the broker so far)", e);
            }
            confirmations.await(page, confirmTimeout);
        } finally {
            session.close();
        }
    }

    private static TextMessage message(Session session, InterviewPage page, InterviewRecord record)
            throws JMSException {
        TextMessage message = session.createTextMessage(record.json());
        message.setStringProperty("KomboIntegration", page.integration());
        message.setStringProperty("KomboIntegrationId", page.integrationId());
        message.setStringProperty("KomboInterviewId", record.id());
        if (record.changedAt() != null) {
            message.setStringProperty("KomboChangedAt", record.changedAt());
        }
        message.setBooleanProperty("KomboDeleted", record.deleted());
        message.setStringProperty(DUPLICATE_ID, page.integrationId() + ":" + record.versionKey());
        return message;
    }

    private static JMSException failure(InterviewPage page, String what, Exception cause) {
        JMSException failure = new JMSException(page.integration() + " page " + page.number() + ": " + what
                + (cause == null ? "" : ": " + cause));
        if (cause != null) {
            failure.setLinkedException(cause);
            failure.initCause(cause);
        }
        return failure;
    }

    @Override
    protected void doStop() {
        connections.destroy();
    }

    /** The broker's answers to one page's sends, counted on Artemis's callback threads. */
    private static final class Confirmations implements CompletionListener {

        private final int expected;
        private final CountDownLatch outstanding;
        private final AtomicInteger confirmed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

        Confirmations(int expected) {
            this.expected = expected;
            this.outstanding = new CountDownLatch(expected);
        }

        @Override
        public void onCompletion(Message message) {
            confirmed.incrementAndGet();
            outstanding.countDown();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, exception);
            outstanding.countDown();
        }

        int confirmed() {
            return confirmed.get();
        }

        void await(InterviewPage page, Duration timeout) throws JMSException {
            boolean answered;
            try {
                answered = outstanding.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(page, "interrupted while waiting for the broker: " + confirmed() + " of " + expected
                        + " messages confirmed", e);
            }
            if (!answered) {
                throw failure(page, "the broker confirmed " + confirmed() + " of " + expected + " messages within "
                        + timeout.toMillis() + " ms (kombo.sink.jms.confirm-timeout-ms)", firstFailure.get());
            }
            if (failed.get() > 0) {
                throw failure(page, "the broker confirmed " + confirmed() + " of " + expected + " messages, "
                        + failed.get() + " failed", firstFailure.get());
            }
        }
    }
}
