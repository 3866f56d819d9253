package dev.kombo.interviews;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.SyncOutcome;
import dev.kombo.interviews.sync.SyncRuns;

/**
 * Runs the bundle as deployed: {@code config/application.properties}, the YAML routes in {@code routes/},
 * the embedded sandbox, Artemis broker and SFTP server on free loopback ports, and folders in a temp dir.
 * Schedules never fire during a test; tests start runs through {@code direct:kombo-sync}.
 */
public abstract class BundleTestSupport extends CamelMainTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** This test's folders, under target/ (no initializer: the base class reads it from its constructor). */
    protected Path work;

    @Override
    protected String getPropertyPlaceholderLocations() {
        return Application.DEFAULT_CONFIG;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BundleConfiguration.class);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        work = Path.of("target", "test-work", getClass().getSimpleName() + "-" + java.util.UUID.randomUUID())
                .toAbsolutePath();
        Properties p = testProperties(work);
        p.putAll(overrides());
        return p;
    }

    /**
     * What every test run of the bundle changes in {@code config/application.properties}: free loopback ports, its
     * folders under {@code work}, no sync at start-up or by schedule, short retry delays. Also for tests that start
     * the bundle's main themselves (jqwik properties, which have no Jupiter lifecycle for this class).
     */
    public static Properties testProperties(Path work) {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.port", "0");
        p.setProperty("jms.broker.embedded.port", "0");
        p.setProperty("demo.sftp-server.port", "0");
        p.setProperty("jms.broker.embedded.data-dir", work.resolve("broker").toString());
        p.setProperty("demo.sftp-server.root", work.resolve("sftp-server").toString());
        p.setProperty("kombo.sink.sftp.known-hosts-file", work.resolve("known_hosts").toString());
        p.setProperty("kombo.sink.file.folder", work.resolve("out").toString());
        p.setProperty("kombo.sync.state-dir", work.resolve("state").toString());
        p.setProperty("kombo.sync.dead-letter-dir", work.resolve("dead-letter").toString());
        p.setProperty("kombo.sync.on-startup", "false");
        p.setProperty("kombo.http.port", String.valueOf(freePort()));
        p.setProperty("kombo.management.port", String.valueOf(freePort()));
        p.setProperty("kombo.update.file.inbox", work.resolve("updates/inbox").toString());
        p.setProperty("kombo.update.file.done", work.resolve("updates/done").toString());
        p.setProperty("kombo.update.file.failed", work.resolve("updates/failed").toString());
        p.setProperty("kombo.sync.cron", "0 0 0 1 1 ? 2099");
        p.setProperty("kombo.retry.initial-delay-ms", "20");
        p.setProperty("kombo.retry.max-delay-ms", "200");
        p.setProperty("kombo.sink.retry.initial-delay-ms", "20");
        p.setProperty("kombo.sink.retry.max-attempts", "2");
        return p;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a test's probe sink does with each page it is handed. */
    @FunctionalInterface
    protected interface PageProbe {
        void deliver(InterviewPage page) throws Exception;
    }

    /**
     * A sink named {@code probe} ({@code direct:sink-probe}), plugged in exactly as a YAML sink route is: an
     * integration whose sinks list it hands each page to the test's code; what that code throws is the sink failing.
     */
    protected static RoutesBuilder probeSink(PageProbe probe) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-probe").routeId("sink-probe").errorHandler(noErrorHandler())
                        .process(exchange -> probe.deliver(exchange.getIn().getBody(InterviewPage.class)));
            }
        };
    }

    /** Per-class settings on top of the common ones. */
    protected Properties overrides() {
        return new Properties();
    }

    protected KomboSandbox sandbox() {
        return context.getRegistry().lookupByNameAndType("embeddedServices", EmbeddedServices.class).sandbox()
                .orElseThrow();
    }

    /**
     * For a sink hook at page n that scripts faults for a later GET: the sync asks for page n+1 while page n
     * is delivered (kombo.sync.prefetch), so wait until that GET reached the sandbox; the faults scripted
     * afterwards then hit page n+2, and nothing can race them (page n+2 is asked only after page n is delivered).
     */
    protected void awaitPrefetchOf(String integrationId, int page) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> sandbox().requests().gets(integrationId) >= page);
    }

    /** Drops a file into the update inbox the way a producer should: written elsewhere, then moved in. */
    protected void drop(String name, String content) throws IOException {
        Path inbox = work.resolve("updates/inbox");
        Files.createDirectories(inbox);
        Path temp = Files.writeString(work.resolve(name + ".tmp"), content);
        Files.move(temp, inbox.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    protected String property(String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }

    /** One sync run of the integration, as the schedule starts it; returns how it ended. */
    protected SyncOutcome sync(String integration) {
        return template.requestBodyAndHeader("direct:kombo-sync", null, SyncRuns.INTEGRATION_HEADER, integration,
                SyncOutcome.class);
    }

    /** Takes every message off a queue of the embedded broker (stops after a second of silence). */
    protected java.util.List<jakarta.jms.Message> drainQueue(String queue) throws Exception {
        java.util.List<jakarta.jms.Message> messages = new ArrayList<>();
        try (jakarta.jms.Connection connection = dev.kombo.interviews.sink.EmbeddedBroker.connectionFactory(
                property("jms.broker.url"), property("jms.broker.username"), property("jms.broker.password"))
                .createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (jakarta.jms.Message m = consumer.receive(5000); m != null; m = consumer.receive(1000)) {
                messages.add(m);
            }
        }
        return messages;
    }

    /** Where an integration's run stands on disk: {@code checkpoint pages_done=2 records_done=500, watermark absent}. */
    protected String runState(String integration) {
        String checkpoint = new dev.kombo.interviews.state.WatermarkFolder(work.resolve("state")).checkpoint(integration)
                .map(c -> "checkpoint pages_done=" + c.pagesDone() + " records_done=" + c.recordsDone())
                .orElse("no checkpoint");
        return checkpoint + ", watermark "
                + (Files.exists(work.resolve("state").resolve(integration + ".watermark")) ? "present" : "absent");
    }

    protected Path fileSink(String integration) {
        return work.resolve("out").resolve(integration);
    }

    protected Path sftpSink(String integration) {
        return work.resolve("sftp-server").resolve("home").resolve(property("kombo.sink.sftp.folder"))
                .resolve(integration);
    }

    /** Every record in a folder's NDJSON page files: the deleted-interview files, or the others. */
    protected static List<JsonNode> ndjsonRecords(Path folder, boolean deleted) {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")
                    && f.getFileName().toString().endsWith(".deleted.ndjson") == deleted).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    protected static List<String> fileNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
