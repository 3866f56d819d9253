package dev.kombo.interviews.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sandbox.PatchLog;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.SyncOutcome;

/** Valid updates through every entry point against the sandbox's PATCH, and each error-policy action. */
class UpdateToKomboTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final String GLOBEX = "sandbox:globex-workday";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "300");
        p.setProperty("kombo.update.defer-delay-ms", "500");
        return p;
    }

    /** A valid PATCH body for the index-th interview of an integration, and its application id. */
    private record Request(String applicationId, String interviewId, ObjectNode body) {
    }

    private final java.util.Set<String> usedApplications = new java.util.HashSet<>();

    /**
     * A valid PATCH body for a live interview at or after {@code index} whose application no other request of
     * this test uses (the contract allows interviews without an application; deleted ones cannot change).
     */
    private Request request(String integrationId, int index, String title) {
        Interview interview = SampleUpdates.updatable(sandbox().store(), integrationId, index);
        while (!usedApplications.add(integrationId + interview.applicationId())) {
            interview = SampleUpdates.updatable(sandbox().store(), integrationId, interview.index() + 1);
        }
        ObjectNode body = SampleUpdates.patchBody(sandbox().store(), integrationId, interview, title,
                "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z", "https://meet.example.com/" + interview.index());
        return new Request(interview.applicationId(), interview.id(), body);
    }

    private HttpResponse<String> patch(String integrationId, Request request, String idempotencyKey) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + "/ats/applications/" + request.applicationId() + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(request.body().toString()))
                .header("Content-Type", "application/json").header("X-Integration-Id", integrationId)
                .timeout(Duration.ofSeconds(60));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String envelope(String integrationId, Request request) {
        return SampleUpdates.envelope(integrationId, request.applicationId(), request.body()).toString();
    }


    /** Sends an envelope on the update queue and returns [reply, dead letter or null]. */
    private List<Message> sendOnQueue(String envelope, boolean expectDeadLetter) throws Exception {
        try (Connection connection = EmbeddedBroker.connectionFactory(property("jms.broker.url"),
                property("jms.broker.username"), property("jms.broker.password")).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var replies = session.createTemporaryQueue();
            TextMessage message = session.createTextMessage(envelope);
            message.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(property("kombo.update.jms.queue"))).send(message);
            List<Message> got = new ArrayList<>();
            got.add(session.createConsumer(replies).receive(30_000));
            got.add(expectDeadLetter ? session.createConsumer(
                    session.createQueue(property("kombo.update.jms.dead-letter-queue"))).receive(30_000) : null);
            return got;
        }
    }

    private List<PatchLog.Entry> patchesFor(String applicationId) {
        return sandbox().patches().all().stream().filter(e -> applicationId.equals(e.applicationId())).toList();
    }

    private List<PatchLog.Entry> patchesOf(Request request) {
        return sandbox().patches().all().stream().filter(e -> e.body().contains(request.interviewId())).toList();
    }

    @Test
    void each_entry_point_sends_the_patch_kombo_expects() throws Exception {
        Request viaHttp = request(ACME, 1, "Onsite – Zoë");
        Request viaFile = request(ACME, 2, "Phone screen");
        Request viaQueue = request(GLOBEX, 3, "Final round");

        HttpResponse<String> response = patch(ACME, viaHttp, null);
        drop("file-1.json", envelope(ACME, viaFile));
        List<Message> queued = sendOnQueue(envelope(GLOBEX, viaQueue), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/data/title").asText()).isEqualTo("Onsite – Zoë");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(work.resolve("updates/done/file-1.json")));
        assertThat(JSON.readTree(((TextMessage) queued.get(0)).getText()).get("result").asText()).isEqualTo("APPLIED");
        for (var sent : List.of(List.of(ACME, viaHttp), List.of(ACME, viaFile), List.of(GLOBEX, viaQueue))) {
            Request request = (Request) sent.get(1);
            PatchLog.Entry received = patchesFor(request.applicationId()).get(0);
            assertThat(received.integrationId()).isEqualTo(sent.get(0));
            assertThat(received.headers()).containsEntry("X-Integration-Id", (String) sent.get(0));
            assertThat(received.headers().get("Authorization")).startsWith("Bearer ");
            assertThat(JSON.readTree(received.body())).isEqualTo(request.body());
            assertThat(received.status()).isEqualTo(200);
        }
        assertThat(sandbox().patches().appliedCount(ACME)).isEqualTo(2);
    }

    @Test
    void a_rate_limited_patch_waits_for_retry_after_and_is_then_applied() throws Exception {
        Request request = request(ACME, 4, "Retried");
        sandbox().patchFaults().forApplication(request.applicationId(), 1, Fault.rateLimit(1));

        HttpResponse<String> response = patch(ACME, request, null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<PatchLog.Entry> sent = patchesFor(request.applicationId());
        assertThat(sent).extracting(PatchLog.Entry::status).containsExactly(429, 200);
        assertThat(Duration.between(sent.get(0).time(), sent.get(1).time())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_patch_kombo_refuses_is_dead_lettered_with_kombos_reason_at_every_entry_point() throws Exception {
        Request viaHttp = request(ACME, 5, "Refused");
        Request viaFile = request(ACME, 6, "Refused");
        Request viaQueue = request(ACME, 7, "Refused");
        for (Request r : List.of(viaHttp, viaFile, viaQueue)) {
            sandbox().patchFaults().always(r.applicationId(), Fault.errorCode("REMOTE.INPUT_INVALID"));
        }

        HttpResponse<String> response = patch(ACME, viaHttp, null);
        drop("refused.json", envelope(ACME, viaFile));
        List<Message> queued = sendOnQueue(envelope(ACME, viaQueue), true);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("REMOTE.INPUT_INVALID");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("log_url")).isTrue();
        Path sidecar = work.resolve("updates/failed/refused.json.error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sidecar)
                && Files.exists(work.resolve("updates/failed/refused.json")));
        assertThat(JSON.readTree(Files.readString(sidecar)).at("/error/code").asText()).isEqualTo("REMOTE.INPUT_INVALID");
        assertThat(queued.get(1).getStringProperty("KomboErrorCode")).isEqualTo("REMOTE.INPUT_INVALID");
        for (Request r : List.of(viaHttp, viaFile, viaQueue)) {
            assertThat(patchesOf(r)).as("not retried").hasSize(1);
        }
    }

    @Test
    void revoked_credentials_suspend_that_integration_while_others_go_on() throws Exception {
        sandbox().store().setState(ACME, "INTEGRATION.AUTHENTICATION_INVALID");

        Request kept = request(ACME, 9, "y");
        HttpResponse<String> first = patch(ACME, request(ACME, 8, "x"), null);
        HttpResponse<String> second = patch(ACME, kept, null);
        HttpResponse<String> other = patch(GLOBEX, request(GLOBEX, 8, "z"), null);

        assertThat(first.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(first.body()).at("/error/code").asText()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("suspended").contains("INTEGRATION.AUTHENTICATION_INVALID");
        assertThat(patchesOf(kept)).as("kept, not sent").isEmpty();
        assertThat(other.statusCode()).isEqualTo(200);

        // a person fixes the credentials and resumes the integration
        sandbox().store().setState(ACME, null);
        HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + "/integrations/" + ACME + "/resume"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.body()).isEqualTo("{\"resumed\":true}");
        assertThat(patch(ACME, kept, null).statusCode()).isEqualTo(200);
    }

    @Test
    void a_queued_update_deferred_by_kombo_is_tried_again_later_and_then_applied() throws Exception {
        sandbox().store().setState(GLOBEX, "INTEGRATION.SETUP_SYNC_PENDING");
        Request request = request(GLOBEX, 40, "After the initial sync");
        try (Connection connection = EmbeddedBroker.connectionFactory(property("jms.broker.url"),
                property("jms.broker.username"), property("jms.broker.password")).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var replies = session.createTemporaryQueue();
            TextMessage message = session.createTextMessage(envelope(GLOBEX, request));
            message.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(property("kombo.update.jms.queue"))).send(message);
            var consumer = session.createConsumer(replies);

            TextMessage deferred = (TextMessage) consumer.receive(30_000);
            assertThat(JSON.readTree(deferred.getText()).get("result").asText()).isEqualTo("DEFERRED");
            sandbox().store().setState(GLOBEX, null);
            // on a busy machine the next try may come before the state changed: it is deferred once more
            TextMessage applied = (TextMessage) consumer.receive(30_000);
            while (JSON.readTree(applied.getText()).get("result").asText().equals("DEFERRED")) {
                applied = (TextMessage) consumer.receive(30_000);
            }

            assertThat(JSON.readTree(applied.getText()).get("result").asText()).isEqualTo("APPLIED");
            assertThat(applied.getIntProperty("KomboDeferrals")).isGreaterThanOrEqualTo(1);
        }
        assertThat(sandbox().patches().appliedCount(GLOBEX, request.interviewId())).isEqualTo(1);
    }

    @Test
    void a_timed_out_patch_that_was_applied_is_not_sent_again() throws Exception {
        Request request = request(ACME, 10, "Applied despite the timeout");
        sandbox().patchFaults().forApplication(request.applicationId(), 1, Fault.of(Fault.Kind.TASK_TIMED_OUT_APPLIED));

        HttpResponse<String> response = patch(ACME, request, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/data/title").asText()).isEqualTo("Applied despite the timeout");
        assertThat(patchesFor(request.applicationId())).extracting(PatchLog.Entry::status).containsExactly(504);
        assertThat(sandbox().patches().appliedCount(ACME, request.interviewId())).isEqualTo(1);
    }

    @Test
    void a_repeated_idempotency_key_gets_the_first_answer_without_a_second_patch() throws Exception {
        Request request = request(ACME, 11, "Once");

        HttpResponse<String> first = patch(ACME, request, "key-11");
        HttpResponse<String> again = patch(ACME, request, "key-11");

        assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(patchesFor(request.applicationId())).hasSize(1);
    }

    @Test
    void callers_see_no_concurrency_errors_when_kombo_caps_patches_in_flight() throws Exception {
        sandbox().setPatchConcurrencyLimit(2);
        sandbox().patchFaults().latencyMs(150);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Request request = request(GLOBEX, 20 + i, "Parallel " + i);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return patch(GLOBEX, request, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        assertThat(calls).allSatisfy(call -> assertThat(call.get().statusCode()).isEqualTo(200));
        assertThat(sandbox().patches().appliedCount(GLOBEX)).isEqualTo(12);
    }

    @Test
    void an_update_sent_inbound_shows_up_in_the_next_outbound_sync() throws Exception {
        SyncOutcome first = sync("acme");
        Request request = request(ACME, 12, "Rescheduled through the bundle");

        assertThat(patch(ACME, request, null).statusCode()).isEqualTo(200);
        // the next run, started over HTTP as an operator would instead of waiting for the schedule
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + "/sync/acme")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(first.records()).isEqualTo(300);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(JSON.readTree(second.body()).get("records").asLong()).isEqualTo(1);
        JsonNode delivered = ndjsonRecords(fileSink("acme"), false).stream()
                .filter(r -> r.get("id").asText().equals(request.interviewId()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(delivered.get("title").asText()).isEqualTo("Rescheduled through the bundle");
        assertThat(delivered.get("starting_at").asText()).isEqualTo("2026-12-01T10:00:00.000Z");
    }
}
