package dev.kombo.interviews.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.SyncOutcome.Status;

/**
 * {@code GET /observe/metrics} on the management port after real syncs and updates against the sandbox: Camel's
 * route metrics and the bundle's {@code kombo_*} meters, with the values of what happened.
 */
class MetricsEndpointTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final String GLOBEX = "sandbox:globex-workday";
    /** Two full pages of 250 and one of 100 per integration. */
    private static final int RECORDS = 600;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> usedApplications = new HashSet<>();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        // a Kombo call slower than this gets no answer (the sandbox's SLOW fault is far slower)
        p.setProperty("camel.component.http.response-timeout", "2000");
        p.setProperty("camel.component.http.so-timeout", "2000");
        return p;
    }

    @Test
    void sync_meters_count_what_reached_the_sinks_and_every_failed_get() throws Exception {
        Instant testStart = Instant.now();
        // acme's first GET is answered 503 REMOTE.SERVICE_UNAVAILABLE, globex's first one is not answered in time
        sandbox().faults().script(ACME, 1, Fault.of(Fault.Kind.REMOTE_UNAVAILABLE));
        sandbox().faults().script(GLOBEX, 1, Fault.slow(10_000));

        assertThat(sync("acme").status()).isEqualTo(Status.COMPLETED);
        assertThat(sync("globex").status()).isEqualTo(Status.COMPLETED);

        Instant beforeScrape = Instant.now();
        Scrape metrics = scrape();
        Instant afterScrape = Instant.now();

        assertThat(sandbox().store().count(ACME)).isEqualTo(RECORDS);
        for (String sink : List.of("file", "sftp", "jms")) {
            assertThat(metrics.value("kombo_sync_records_delivered_total", "integration", "acme", "sink", sink))
                    .as("acme delivered to " + sink).isEqualTo(RECORDS);
        }
        for (String sink : List.of("file", "jms")) {
            assertThat(metrics.value("kombo_sync_records_delivered_total", "integration", "globex", "sink", sink))
                    .as("globex delivered to " + sink).isEqualTo(RECORDS);
        }
        assertThat(metrics.find("kombo_sync_records_delivered_total", "integration", "globex", "sink", "sftp"))
                .as("globex has no sftp sink").isEmpty();
        assertThat(metrics.value("kombo_sync_records_rejected_total", "integration", "acme")).isZero();
        assertThat(metrics.value("kombo_sync_pages_fetched_total", "integration", "acme")).isEqualTo(3);
        assertThat(metrics.value("kombo_sync_pages_fetched_total", "integration", "globex")).isEqualTo(3);
        assertThat(metrics.value("kombo_sync_duration_seconds_count", "integration", "acme", "status", "COMPLETED"))
                .isEqualTo(1);
        assertThat(metrics.value("kombo_sync_duration_seconds_sum", "integration", "acme", "status", "COMPLETED"))
                .isPositive().isLessThan(Duration.between(testStart, afterScrape).toMillis() / 1000.0);

        assertThat(metrics.value("kombo_api_errors_total", "integration", "acme", "operation", "get", "code",
                "REMOTE.SERVICE_UNAVAILABLE")).isEqualTo(1);
        assertThat(metrics.value("kombo_api_errors_total", "integration", "globex", "operation", "get", "code",
                "NO_ANSWER")).isEqualTo(1);
        assertThat(metrics.find("kombo_api_errors_total")).as("no other failed call").hasSize(2);
        assertThat(metrics.value("kombo_retries_total", "operation", "get")).isEqualTo(2);
        assertThat(metrics.find("kombo_retries_total", "operation", "sink")).isEmpty();

        assertThat(metrics.value("kombo_sync_last_success_timestamp_seconds", "integration", "acme"))
                .isBetween(testStart.toEpochMilli() / 1000.0, beforeScrape.toEpochMilli() / 1000.0);
        // the lag is taken from the stored watermark (the run's start) at the time of the scrape
        Instant watermark = Instant.parse(Files.readString(work.resolve("state/acme.watermark")).trim());
        assertThat(metrics.value("kombo_sync_watermark_lag_seconds", "integration", "acme")).isBetween(
                Duration.between(watermark, beforeScrape).toMillis() / 1000.0 - 0.001,
                Duration.between(watermark, afterScrape).toMillis() / 1000.0 + 0.001);

        // Camel's own route metrics are served alongside: one exchange per run, one per GET (2 of 8 failed)
        assertThat(metrics.value("camel_exchanges_total", "routeId", "kombo-sync")).isEqualTo(2);
        assertThat(metrics.value("camel_exchanges_total", "routeId", "kombo-fetch-page")).isEqualTo(8);
        assertThat(metrics.value("camel_exchanges_failed_total", "routeId", "kombo-fetch-page")).isEqualTo(2);
        assertThat(metrics.text()).as("no secret in any label")
                .doesNotContain(property("kombo.sink.sftp.password")).doesNotContain(property("kombo.api-key"));
    }

    @Test
    void update_meters_count_each_entry_points_outcomes_and_dead_letters() throws Exception {
        Request applied = request(ACME, 1, "Applied after a retry");
        Request refusedHttp = request(ACME, 2, "Refused");
        Request refusedFile = request(ACME, 3, "Refused");
        Request queued = request(GLOBEX, 4, "Queued");
        sandbox().patchFaults().forApplication(applied.applicationId(), 1, Fault.of(Fault.Kind.REMOTE_UNAVAILABLE));
        for (Request refused : List.of(refusedHttp, refusedFile)) {
            sandbox().patchFaults().always(refused.applicationId(), Fault.errorCode("REMOTE.INPUT_INVALID"));
        }

        assertThat(patch(ACME, applied).statusCode()).isEqualTo(200);
        assertThat(patch(ACME, refusedHttp).statusCode()).isEqualTo(400);
        drop("refused.json", envelope(ACME, refusedFile));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(work.resolve("updates/failed/refused.json")));
        assertThat(result(sendOnQueue(envelope(GLOBEX, queued)))).isEqualTo("APPLIED");
        assertThat(result(sendOnQueue("{\"integration_id\": \"" + GLOBEX + "\"}"))).isEqualTo("INVALID");

        Scrape metrics = scrape();

        assertThat(metrics.value("kombo_update_requests_total", "entry", "http", "outcome", "APPLIED")).isEqualTo(1);
        assertThat(metrics.value("kombo_update_requests_total", "entry", "http", "outcome", "REJECTED")).isEqualTo(1);
        assertThat(metrics.value("kombo_update_requests_total", "entry", "file", "outcome", "REJECTED")).isEqualTo(1);
        assertThat(metrics.value("kombo_update_requests_total", "entry", "jms", "outcome", "APPLIED")).isEqualTo(1);
        assertThat(metrics.value("kombo_update_requests_total", "entry", "jms", "outcome", "INVALID")).isEqualTo(1);
        assertThat(metrics.find("kombo_update_requests_total")).hasSize(5);

        assertThat(metrics.value("kombo_update_dead_lettered_total", "entry", "file", "code", "REMOTE.INPUT_INVALID"))
                .isEqualTo(1);
        assertThat(metrics.value("kombo_update_dead_lettered_total", "entry", "jms", "code", "PLATFORM.INPUT_INVALID"))
                .isEqualTo(1);
        assertThat(metrics.find("kombo_update_dead_lettered_total")).as("an HTTP caller gets the answer instead")
                .hasSize(2);

        assertThat(metrics.value("kombo_api_errors_total", "integration", "acme", "operation", "patch", "code",
                "REMOTE.INPUT_INVALID")).isEqualTo(2);
        assertThat(metrics.value("kombo_api_errors_total", "integration", "acme", "operation", "patch", "code",
                "REMOTE.SERVICE_UNAVAILABLE")).isEqualTo(1);
        assertThat(metrics.find("kombo_api_errors_total")).hasSize(2);
        assertThat(metrics.value("kombo_retries_total", "operation", "patch")).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // the scrape

    /** One sample line: {@code name{label="value",...} value}. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** What {@code /observe/metrics} answered, parsed. */
    private record Scrape(String text, List<Sample> samples) {

        /** The samples of {@code name} carrying every given label (name, value, name, value, ...). */
        List<Sample> find(String name, String... labels) {
            return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).toList();
        }

        /** The value of the one sample of {@code name} carrying the given labels. */
        double value(String name, String... labels) {
            List<Sample> found = find(name, labels);
            assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
            return found.get(0).value();
        }
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("kombo.management.port") + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            samples.add(new Sample(sample.group(1), labels, parse(sample.group(3))));
        }
        return new Scrape(response.body(), samples);
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // updates through the three entry points

    private record Request(String applicationId, ObjectNode body) {
    }

    /** A valid PATCH body for a live interview at or after {@code index}, of an application no other request uses. */
    private Request request(String integrationId, int index, String title) {
        Interview interview = SampleUpdates.updatable(sandbox().store(), integrationId, index);
        while (!usedApplications.add(integrationId + interview.applicationId())) {
            interview = SampleUpdates.updatable(sandbox().store(), integrationId, interview.index() + 1);
        }
        return new Request(interview.applicationId(), SampleUpdates.patchBody(sandbox().store(), integrationId,
                interview, title, "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z", "https://meet.example.com/1"));
    }

    private HttpResponse<String> patch(String integrationId, Request request) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port")
                + "/ats/applications/" + request.applicationId() + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(request.body().toString()))
                .header("Content-Type", "application/json").header("X-Integration-Id", integrationId)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String envelope(String integrationId, Request request) {
        return SampleUpdates.envelope(integrationId, request.applicationId(), request.body()).toString();
    }


    /** Sends a request on the update queue and returns the reply (sent once the route has ended). */
    private Message sendOnQueue(String envelope) throws Exception {
        try (Connection connection = EmbeddedBroker.connectionFactory(property("jms.broker.url"),
                property("jms.broker.username"), property("jms.broker.password")).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var replies = session.createTemporaryQueue();
            TextMessage message = session.createTextMessage(envelope);
            message.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(property("kombo.update.jms.queue"))).send(message);
            Message reply = session.createConsumer(replies).receive(30_000);
            assertThat(reply).as("reply").isNotNull();
            return reply;
        }
    }

    private static String result(Message reply) throws Exception {
        return JSON.readTree(((TextMessage) reply).getText()).get("result").asText();
    }
}
