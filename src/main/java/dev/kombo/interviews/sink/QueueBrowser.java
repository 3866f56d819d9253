package dev.kombo.interviews.sink;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Properties;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a person what the JMS sink delivered: counts the messages on the queue and prints the first few
 * with their headers, without consuming them. Connects with {@code JMS_BROKER_URL/USERNAME/PASSWORD}, or
 * with the credentials the embedded demo broker keeps in {@code work/broker/demo-credentials.properties}.
 * <pre>mvn -q exec:java -Dexec.mainClass=dev.kombo.interviews.sink.QueueBrowser [-Dexec.args="queue count"]</pre>
 */
public final class QueueBrowser {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBrowser.class);
    private static final String DEMO_FILE = "demo-credentials.properties";

    private QueueBrowser() {
    }

    /** Writes the embedded broker's generated credentials, readable by the owner only. */
    public static void writeDemoCredentials(Path brokerDataDir, String url, String user, String password)
            throws IOException {
        Files.createDirectories(brokerDataDir);
        Path file = brokerDataDir.resolve(DEMO_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.setProperty("url", url);
        p.setProperty("username", user);
        p.setProperty("password", password);
        try (Writer writer = Files.newBufferedWriter(file)) {
            p.store(writer, "generated for the embedded demo broker of this run");
        }
    }

    public static void main(String[] args) throws Exception {
        String queue = args.length > 0 ? args[0] : "kombo.interviews";
        int show = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Properties demo = new Properties();
        Path demoFile = Path.of("work", "broker", DEMO_FILE);
        if (Files.exists(demoFile)) {
            try (Reader reader = Files.newBufferedReader(demoFile)) {
                demo.load(reader);
            }
        }
        String url = env("JMS_BROKER_URL", demo.getProperty("url", "tcp://127.0.0.1:61616"));
        try (Connection connection = EmbeddedBroker.connectionFactory(url,
                env("JMS_BROKER_USERNAME", demo.getProperty("username")),
                env("JMS_BROKER_PASSWORD", demo.getProperty("password"))).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            browse(session.createBrowser(session.createQueue(queue)), queue, url, show);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void browse(jakarta.jms.QueueBrowser browser, String queue, String url, int show)
            throws Exception {
        int count = 0;
        for (Object item : Collections.list((Enumeration<?>) browser.getEnumeration())) {
            Message message = (Message) item;
            if (count < show) {
                String body = message instanceof TextMessage text ? text.getText() : String.valueOf(message);
                LOG.info("#{} KomboIntegration={} KomboInterviewId={} KomboChangedAt={} KomboDeleted={}\n{}",
                        count + 1, message.getStringProperty("KomboIntegration"),
                        message.getStringProperty("KomboInterviewId"), message.getStringProperty("KomboChangedAt"),
                        message.getStringProperty("KomboDeleted"),
                        body.length() > 600 ? body.substring(0, 600) + "…" : body);
            }
            count++;
        }
        LOG.info("queue {} on {} holds {} message(s)", queue, url, count);
    }
}
