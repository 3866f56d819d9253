package dev.kombo.interviews.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sync.SyncOutcome;

/**
 * Secrets never reach a log line, a dead-letter record or a state file; the inbound HTTP endpoints require
 * the configured credentials; callers cannot steer routing with Camel headers; a changed SFTP host key stops
 * delivery with a clear reason.
 */
class SecretsAndInboundSecurityTest extends BundleTestSupport {

    private static final String API_KEY = "api-key-S3CRET-1";
    private static final String SFTP_PASSWORD = "sftp-S3CRET-2";
    private static final String INBOUND_TOKEN = "inbound-S3CRET-3";
    private static final String BROKER_PASSWORD = "broker-S3CRET-4";
    private static final List<String> SECRETS = List.of(API_KEY, SFTP_PASSWORD, INBOUND_TOKEN, BROKER_PASSWORD);
    private static final String ACME = "sandbox:acme-greenhouse";

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "600");
        p.setProperty("kombo.sandbox.api-key", API_KEY);
        p.setProperty("kombo.api-key", API_KEY);
        p.setProperty("kombo.sink.sftp.password", SFTP_PASSWORD);
        p.setProperty("jms.broker.password", BROKER_PASSWORD);
        p.setProperty("kombo.inbound.auth", "bearer");
        p.setProperty("kombo.inbound.auth.token", INBOUND_TOKEN);
        p.setProperty("kombo.sink.retry.max-attempts", "1");
        return p;
    }

    @BeforeEach
    void captureEveryLogLine() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        capture = new AbstractAppender("secret-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logLines.add(line.toString());
            }
        };
        capture.start();
        logging.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        logging.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender("secret-capture");
        logging.updateLoggers();
        capture.stop();
    }

    private HttpResponse<String> patch(String path, String token, String body, String extraHeader, String value)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-Integration-Id", ACME);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (extraHeader != null) {
            request.header(extraHeader, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String validBody(Interview interview) {
        return SampleUpdates.patchBody(sandbox().store(), ACME, interview, "Security check",
                "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z", "https://meet.example.com/security").toString();
    }

    private Interview liveInterview() {
        return SampleUpdates.updatable(sandbox().store(), ACME, 0);
    }

    @Test
    void inbound_http_requires_the_configured_token() throws Exception {
        Interview interview = liveInterview();
        String path = "/ats/applications/" + interview.applicationId() + "/interviews";

        assertThat(patch(path, null, validBody(interview), null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = patch(path, "not-the-token", validBody(interview), null, null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(sandbox().patches().received()).isZero();
        assertThat(patch(path, INBOUND_TOKEN, validBody(interview), null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + "/sync/acme")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(trigger.statusCode()).as("the sync trigger is protected too").isEqualTo(401);
    }

    @Test
    void camel_headers_from_callers_do_not_steer_the_patch() throws Exception {
        Interview interview = liveInterview();
        String path = "/ats/applications/" + interview.applicationId() + "/interviews";

        HttpResponse<String> response = patch(path, INBOUND_TOKEN, validBody(interview), "CamelHttpPath",
                "/ats/applications/someone-else/interviews");
        HttpResponse<String> second = patch(path, INBOUND_TOKEN, validBody(interview), "CamelHttpUri",
                "http://127.0.0.1:1/elsewhere");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(sandbox().patches().all()).hasSize(2)
                .allSatisfy(p -> assertThat(p.applicationId()).isEqualTo(interview.applicationId()));
    }

    @Test
    void a_changed_sftp_host_key_stops_delivery_with_a_clear_reason() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Path knownHosts = Path.of(property("kombo.sink.sftp.known-hosts-file"));
        String hostPort = Files.readString(knownHosts).trim().split(" ")[0];
        Files.writeString(knownHosts, hostPort + " " + PublicKeyEntry.toString(generator.generateKeyPair().getPublic())
                + "\n");

        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).isEqualTo(SyncOutcome.Status.FAILED);
        assertThat(outcome.reason()).containsIgnoringCase("host").containsIgnoringCase("key");
        assertThat(work.resolve("state/acme.watermark")).doesNotExist();
    }

    @Test
    void no_secret_appears_in_logs_dead_letters_or_state() throws Exception {
        Interview interview = liveInterview();
        sandbox().patchFaults().always(interview.applicationId(), Fault.errorCode("REMOTE.INPUT_INVALID"));
        sandbox().store().setState("sandbox:globex-workday", "INTEGRATION.AUTHENTICATION_INVALID");

        SyncOutcome acme = sync("acme");
        SyncOutcome globex = sync("globex");
        patch("/ats/applications/" + interview.applicationId() + "/interviews", INBOUND_TOKEN, validBody(interview),
                null, null);
        patch("/ats/applications/x/interviews", "wrong-" + INBOUND_TOKEN, "{}", null, null);
        Files.createDirectories(work.resolve("updates/inbox"));
        Files.writeString(work.resolve("updates/inbox/bad.json"), "{\"integration_id\":\"" + ACME
                + "\",\"application_id\":\"" + interview.applicationId() + "\",\"interview\":" + validBody(interview) + "}");
        org.awaitility.Awaitility.await().until(() -> Files.exists(work.resolve("updates/failed/bad.json.error.json")));

        assertThat(acme.ok()).isTrue();
        assertThat(globex.status()).isEqualTo(SyncOutcome.Status.SUSPENDED);
        assertThat(logLines).as("the scenario was logged").hasSizeGreaterThan(10);
        for (String secret : SECRETS) {
            assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
        }
        for (String folder : List.of("updates", "dead-letter", "state", "out")) {
            Path root = work.resolve(folder);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    SECRETS.forEach(secret -> assertThat(text).as(file.toString()).doesNotContain(secret));
                }
            }
        }
    }
}
