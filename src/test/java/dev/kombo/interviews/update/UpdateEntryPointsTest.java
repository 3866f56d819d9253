package dev.kombo.interviews.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sink.EmbeddedBroker;

/** Invalid update requests through each entry point: a clear, field-level refusal and no PATCH sent. */
class UpdateEntryPointsTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final String INVALID_BODY = """
            {"interview_id":"i1","title":42,"start_time":"2026-12-01T11:00:00Z","end_time":"2026-12-01T10:00:00Z",
             "interviewer_user_ids":"u1","organizer_user_id":"u1","location":{"type":"ONSITE"}}""";

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> patch(String applicationId, String integrationId, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port")
                + "/ats/applications/" + applicationId + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
        if (integrationId != null) {
            request.header("X-Integration-Id", integrationId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long patchesReceived() {
        return sandbox().requests().recent(10_000).stream().filter(e -> "PATCH".equals(e.method())).count();
    }

    @Test
    void http_answers_400_with_every_problem_and_sends_nothing() throws Exception {
        HttpResponse<String> response = patch("app_1", ACME, INVALID_BODY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("PLATFORM.INPUT_INVALID");
        assertThat(body.get("problems")).extracting(JsonNode::asText)
                .anySatisfy(p -> assertThat(p).startsWith("title:"))
                .anySatisfy(p -> assertThat(p).startsWith("interviewer_user_ids:"))
                .anySatisfy(p -> assertThat(p).startsWith("location.type:"))
                .anySatisfy(p -> assertThat(p).startsWith("end_time: must be after start_time"));
        assertThat(patch("app_1", null, INVALID_BODY).statusCode()).isEqualTo(400);
        assertThat(patch("app_1", ACME, "").statusCode()).isEqualTo(400);
        assertThat(patch("app_1", ACME, "{not json").body()).contains("not valid JSON");
        assertThat(patch("app_1", ACME, "{\"a\":\"" + "x".repeat(2_000_000) + "\"}").statusCode())
                .as("over camel.server.max-body-size").isEqualTo(413);
        assertThat(patchesReceived()).isZero();
    }

    @Test
    void a_dropped_file_that_is_invalid_moves_to_failed_with_a_reason_beside_it() throws Exception {
        Path inbox = work.resolve("updates/inbox");
        Files.createDirectories(inbox);
        Path temp = Files.writeString(work.resolve("req-1.tmp"), "{\"integration_id\":\"" + ACME
                + "\",\"application_id\":\"app_1\",\"interview\":" + INVALID_BODY + "}");
        Files.move(temp, inbox.resolve("req-1.json"), StandardCopyOption.ATOMIC_MOVE);

        Path failed = work.resolve("updates/failed");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(failed.resolve("req-1.json"))
                && Files.exists(failed.resolve("req-1.json.error.json")));

        JsonNode reason = JSON.readTree(Files.readString(failed.resolve("req-1.json.error.json")));
        assertThat(reason.get("result").asText()).isEqualTo("INVALID");
        assertThat(reason.get("problems")).extracting(JsonNode::asText)
                .anySatisfy(p -> assertThat(p).startsWith("interview.title:"));
        assertThat(Files.readString(failed.resolve("req-1.json"))).contains("\"title\":42");
        assertThat(inbox.resolve("req-1.json")).doesNotExist();
        assertThat(patchesReceived()).isZero();
    }

    @Test
    void an_invalid_queue_message_goes_to_the_dead_letter_queue_with_the_reason() throws Exception {
        String envelope = "{\"integration_id\":\"" + ACME + "\",\"application_id\":\"../x\",\"interview\":"
                + INVALID_BODY + "}";
        try (Connection connection = EmbeddedBroker.connectionFactory(property("jms.broker.url"),
                property("jms.broker.username"), property("jms.broker.password")).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(envelope);
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(property("kombo.update.jms.queue"))).send(request);

            MessageConsumer dlq = session.createConsumer(session.createQueue(property("kombo.update.jms.dead-letter-queue")));
            Message dead = dlq.receive(20_000);
            Message reply = session.createConsumer(replies).receive(20_000);

            assertThat(dead).isNotNull();
            assertThat(((TextMessage) dead).getText()).isEqualTo(envelope);
            assertThat(dead.getStringProperty("KomboErrorCode")).isEqualTo("PLATFORM.INPUT_INVALID");
            assertThat(dead.getStringProperty("KomboFailureReason")).contains("application_id").contains("title");
            assertThat(reply).isNotNull();
            assertThat(JSON.readTree(((TextMessage) reply).getText()).get("http_status").asInt()).isEqualTo(400);
        }
        assertThat(patchesReceived()).isZero();
    }
}
