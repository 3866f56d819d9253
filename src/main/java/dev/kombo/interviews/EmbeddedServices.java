package dev.kombo.interviews;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kombo.interviews.sandbox.EmbeddedSftpServer;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sandbox.SandboxSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sink.QueueBrowser;

/**
 * The embedded defaults that let the bundle run on a bare machine: the Kombo sandbox, an Artemis broker and
 * an SFTP server, each switched off by configuration in production. They start before any route, and
 * publish what the routes need (URLs, ports, generated credentials) as override properties. Generated
 * credentials live only in memory: nothing secret is written to configuration or logs.
 */
public final class EmbeddedServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private KomboSandbox sandbox;
    private EmbeddedBroker broker;

    /** Starts what is enabled and returns the running services. */
    public static EmbeddedServices start(PropertiesComponent properties) throws Exception {
        EmbeddedServices services = new EmbeddedServices();
        try {
            services.startAll(properties);
        } catch (Exception e) {
            services.close();
            throw e;
        }
        return services;
    }

    private void startAll(PropertiesComponent properties) throws Exception {
        Function<String, Optional<String>> p = key -> properties.resolveProperty(key).filter(v -> !v.isBlank());
        if (flag(p, "kombo.sandbox.enabled")) {
            String apiKey = p.apply("kombo.sandbox.api-key").orElseGet(EmbeddedServices::randomSecret);
            SandboxSettings.Builder settings = SandboxSettings.builder()
                    .host(p.apply("kombo.sandbox.host").orElse("127.0.0.1"))
                    .port(Integer.parseInt(p.apply("kombo.sandbox.port").orElse("0")))
                    .apiKey(apiKey)
                    .seed(Long.parseLong(p.apply("kombo.sandbox.seed").orElse("42")))
                    .latencyPerPageMs(Long.parseLong(p.apply("kombo.sandbox.latency-per-page-ms").orElse("0")))
                    .rateLimit(Integer.parseInt(p.apply("kombo.sandbox.rate-limit").orElse("100000")))
                    .schemaDrift(Boolean.parseBoolean(p.apply("kombo.sandbox.schema-drift").orElse("false")));
            int records = Integer.parseInt(p.apply("kombo.sandbox.records-per-integration").orElse("1200"));
            for (String name : p.apply("kombo.integrations").orElse("").split(",")) {
                p.apply("kombo.integration." + name.trim() + ".id").ifPresent(id -> settings.integration(id, records));
            }
            sandbox = new KomboSandbox(settings.build());
            sandbox.start();
            started.add(sandbox);
            properties.addOverrideProperty("kombo.sandbox.api-key", apiKey);
            properties.addOverrideProperty("kombo.base-url", sandbox.baseUrl());
            if (p.apply("kombo.api-key").isEmpty() && p.apply("kombo.api-key-file").isEmpty()) {
                // the sandbox's own key: the demo needs no Kombo account
                properties.addOverrideProperty("kombo.api-key", apiKey);
            }
            LOG.info("Kombo sandbox serving {} (admin: {}/sandbox/...)", sandbox.baseUrl(),
                    sandbox.origin());
            writeUpdateExamples(Path.of(p.apply("demo.examples-dir").orElse("work/demo")));
        }
        if (flag(p, "jms.broker.embedded")) {
            String user = p.apply("jms.broker.username").orElse("kombo");
            Optional<String> configured = p.apply("jms.broker.password");
            String password = configured.orElseGet(EmbeddedServices::randomSecret);
            broker = new EmbeddedBroker(Path.of(p.apply("jms.broker.embedded.data-dir")
                    .orElse("work/broker")), p.apply("jms.broker.embedded.host").orElse("127.0.0.1"),
                    Integer.parseInt(p.apply("jms.broker.embedded.port").orElse("61616")), user, password);
            broker.start();
            started.add(broker);
            properties.addOverrideProperty("jms.broker.url", broker.brokerUrl());
            properties.addOverrideProperty("jms.broker.username", user);
            properties.addOverrideProperty("jms.broker.password", password);
            if (configured.isEmpty()) {
                // a generated demo password: kept (owner-only) so QueueBrowser can show the queue to a person
                QueueBrowser.writeDemoCredentials(Path.of(p.apply("jms.broker.embedded.data-dir").orElse("work/broker")),
                        broker.brokerUrl(), user, password);
            }
        }
        if (flag(p, "demo.sftp-server.enabled")) {
            String user = p.apply("kombo.sink.sftp.username").orElse("kombo");
            String password = p.apply("kombo.sink.sftp.password").orElseGet(EmbeddedServices::randomSecret);
            Path root = Path.of(p.apply("demo.sftp-server.root").orElse("work/sftp-server"));
            EmbeddedSftpServer sftp = new EmbeddedSftpServer(root.resolve("home"), root.resolve("host-key.pem"),
                    p.apply("kombo.sink.sftp.host").orElse("127.0.0.1"),
                    Integer.parseInt(p.apply("demo.sftp-server.port").orElse("2222")), user, password);
            sftp.start();
            started.add(sftp);
            sftp.writeKnownHosts(Path.of(p.apply("kombo.sink.sftp.known-hosts-file").orElse("work/known_hosts")));
            if (!p.apply("demo.sftp-server.port").orElse("").equals(String.valueOf(sftp.port()))) {
                // port 0 picked a free port: point the SFTP sink at it
                properties.addOverrideProperty("kombo.sink.sftp.port", String.valueOf(sftp.port()));
            }
            properties.addOverrideProperty("kombo.sink.sftp.username", user);
            properties.addOverrideProperty("kombo.sink.sftp.password", password);
            LOG.info("Demo SFTP server on {}:{}, files land in {}", sftp.host(), sftp.port(), root.resolve("home"));
        }
    }

    /**
     * Ready-to-send update requests for a real sandbox interview, so the README's curl and file-drop examples
     * work as written: {@code application-id}, {@code patch-body.json}, {@code update-envelope.json}.
     */
    private void writeUpdateExamples(Path dir) throws java.io.IOException {
        Optional<String> integrationId = sandbox.store().integrations().keySet().stream().findFirst();
        if (integrationId.isEmpty()) {
            return;
        }
        String id = integrationId.get();
        dev.kombo.interviews.sandbox.Interview interview = SampleUpdates.updatable(sandbox.store(), id, 0);
        com.fasterxml.jackson.databind.node.ObjectNode body = SampleUpdates.patchBody(sandbox.store(), id, interview,
                "Final round (moved through the bundle)", "2027-01-15T14:00:00.000Z", "2027-01-15T15:00:00.000Z",
                "https://meet.example.com/final-round");
        com.fasterxml.jackson.databind.node.ObjectNode envelope = SampleUpdates.envelope(id, interview.applicationId(),
                body);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("integration-id"), id);
        java.nio.file.Files.writeString(dir.resolve("application-id"), interview.applicationId());
        java.nio.file.Files.writeString(dir.resolve("patch-body.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        java.nio.file.Files.writeString(dir.resolve("update-envelope.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(envelope));
    }

    /** The embedded broker, when it is on (operators' tools and outage tests restart it). */
    public Optional<EmbeddedBroker> broker() {
        return Optional.ofNullable(broker);
    }

    public Optional<KomboSandbox> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    private static boolean flag(Function<String, Optional<String>> p, String key) {
        return Boolean.parseBoolean(p.apply(key).orElse("false").trim());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
