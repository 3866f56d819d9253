package dev.kombo.interviews.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {

    private static final String USER = "kombo";
    private static final String PASSWORD = "s3cret";
    private static final String QUEUE = "interviews";
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @TempDir
    Path dataDir;

    private EmbeddedBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker(dataDir, "127.0.0.1", 0, USER, PASSWORD);
        broker.start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void listens_on_the_port_it_reports() {
        assertThat(broker.port()).isPositive();
        assertThat(broker.brokerUrl()).isEqualTo("tcp://127.0.0.1:" + broker.port());
    }

    @Test
    void drops_messages_with_an_already_seen_duplicate_id() throws Exception {
        send(factory(PASSWORD), "interview-1", "first");
        send(factory(PASSWORD), "interview-1", "first again");
        send(factory(PASSWORD), "interview-2", "second");

        assertThat(receiveAll(factory(PASSWORD))).containsExactly("first", "second");
    }

    @Test
    void refuses_a_wrong_password() {
        assertThatThrownBy(() -> factory("wrong").createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void keeps_queued_messages_and_seen_ids_across_a_restart() throws Exception {
        send(factory(PASSWORD), "interview-1", "queued before restart");

        broker.close();
        broker = new EmbeddedBroker(dataDir, "127.0.0.1", 0, USER, PASSWORD);
        broker.start();

        send(factory(PASSWORD), "interview-1", "resent after restart");
        assertThat(receiveAll(factory(PASSWORD))).containsExactly("queued before restart");
    }

    private ConnectionFactory factory(String password) {
        return EmbeddedBroker.connectionFactory(broker.brokerUrl(), USER, password);
    }

    private static void send(ConnectionFactory factory, String duplicateId, String body) throws Exception {
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue queue = session.createQueue(QUEUE);
            MessageProducer producer = session.createProducer(queue);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty(DUPLICATE_ID, duplicateId);
            producer.send(message);
        }
    }

    /** Everything on the queue; a short final timeout proves nothing else is there. */
    private static List<String> receiveAll(ConnectionFactory factory) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            Message message = consumer.receive(5_000);
            while (message != null) {
                bodies.add(((TextMessage) message).getText());
                message = consumer.receive(500);
            }
        }
        return bodies;
    }
}
