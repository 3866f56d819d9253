package dev.kombo.interviews.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;

/**
 * An HTTP caller is answered within kombo.update.http.deadline-ms however Kombo behaves, with Kombo's last status
 * and a Retry-After; a repeat of its Idempotency-Key is never applied twice. The deadline here is 4 s.
 */
class HttpDeadlineTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final long DEADLINE_MS = 4000;
    /** Room for the answer's way back and the test machine's scheduling: the bound the caller sees. */
    private static final long MARGIN_MS = 1500;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> usedApplications = new HashSet<>();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "400");
        p.setProperty("kombo.update.http.deadline-ms", String.valueOf(DEADLINE_MS));
        p.setProperty("kombo.update.http.min-attempt-ms", "500");
        // far more retries than the deadline leaves room for: the deadline, not the budget, ends them
        p.setProperty("kombo.retry.max-attempts", "100");
        p.setProperty("kombo.retry.initial-delay-ms", "300");
        p.setProperty("kombo.retry.max-delay-ms", "1000");
        return p;
    }

    private record Request(String applicationId, String interviewId, String body) {
    }

    private Request request(int index) {
        Interview interview = SampleUpdates.updatable(sandbox().store(), ACME, index);
        while (!usedApplications.add(interview.applicationId())) {
            interview = SampleUpdates.updatable(sandbox().store(), ACME, interview.index() + 1);
        }
        return new Request(interview.applicationId(), interview.id(), SampleUpdates.patchBody(sandbox().store(), ACME,
                interview, "Deadline " + index, "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z",
                "https://meet.example.com/d" + index).toString());
    }

    private CompletableFuture<HttpResponse<String>> patch(Request request, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("camel.server.port") + "/ats/applications/" + request.applicationId() + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(request.body()))
                .header("Content-Type", "application/json").header("X-Integration-Id", ACME)
                .timeout(Duration.ofSeconds(30));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long patchesTo(Request request) {
        return sandbox().patches().all().stream().filter(e -> request.applicationId().equals(e.applicationId())).count();
    }

    @Test
    void a_caller_gets_kombos_last_status_and_a_retry_after_before_its_deadline() throws Exception {
        Request request = request(1);
        sandbox().patchFaults().always(request.applicationId(), Fault.of(Fault.Kind.BAD_GATEWAY_HTML));

        long start = System.nanoTime();
        HttpResponse<String> response = patch(request, null).get();
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsed).as("answered within the deadline").isLessThan(DEADLINE_MS + MARGIN_MS);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(patchesTo(request)).as("retried while the deadline allowed").isGreaterThanOrEqualTo(3);
        assertThat(sandbox().patches().all()).allSatisfy(entry ->
                assertThat(entry.headers()).doesNotContainKey(dev.kombo.interviews.kombo.AttemptTimeouts.HEADER));
    }

    @Test
    void sixteen_concurrent_callers_against_502s_are_all_answered_before_the_deadline() throws Exception {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Request request = request(10 + i * 7);
            sandbox().patchFaults().always(request.applicationId(), Fault.of(Fault.Kind.BAD_GATEWAY_HTML));
            requests.add(request);
        }

        long start = System.nanoTime();
        List<CompletableFuture<Long>> answered = requests.stream().map(r -> patch(r, null).thenApply(response -> {
            assertThat(response.statusCode()).as(response.body()).isIn(502, 503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            return (System.nanoTime() - start) / 1_000_000;
        })).toList();
        CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new)).get();

        assertThat(answered).allSatisfy(done -> assertThat(done.get()).isLessThan(DEADLINE_MS + MARGIN_MS));
        org.slf4j.LoggerFactory.getLogger(HttpDeadlineTest.class).info("16 concurrent callers against 502s, "
                + "deadline {} ms: answered after {} ms", DEADLINE_MS, answered.stream().map(CompletableFuture::join)
                .sorted().toList());
        assertThat(requests).allSatisfy(r -> assertThat(sandbox().appliedCount(ACME, r.interviewId())).isZero());
    }

    @Test
    void an_attempt_is_cut_at_the_deadline_and_a_repeat_of_its_key_is_not_applied_twice() throws Exception {
        Request request = request(200);
        // Kombo answers only after 6 s, and applies the update then
        sandbox().patchFaults().script(ACME, request.applicationId(), 1, Fault.slow(6000));

        long start = System.nanoTime();
        HttpResponse<String> first = patch(request, "deadline-key-1").get();
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsed).isLessThan(DEADLINE_MS + MARGIN_MS);
        assertThat(first.statusCode()).isEqualTo(504);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        await().atMost(Duration.ofSeconds(15)).until(() -> sandbox().appliedCount(ACME, request.interviewId()) == 1);

        HttpResponse<String> repeat = patch(request, "deadline-key-1").get();

        assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(repeat.body());
        assertThat(answer.at("/data/id").asText()).isEqualTo(request.interviewId());
        assertThat(sandbox().appliedCount(ACME, request.interviewId())).as("applied once").isEqualTo(1);
        assertThat(patchesTo(request)).as("the repeat looked (GET) instead of sending a second PATCH").isEqualTo(1);
    }
}
