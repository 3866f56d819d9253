package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.kombo.interviews.sandbox.PatchFixtures.body;
import static dev.kombo.interviews.sandbox.PatchFixtures.interview;
import static dev.kombo.interviews.sandbox.PatchFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH /ats/applications/{application_id}/interviews: gate, validation, applying, answer, observation. */
class SandboxInterviewUpdateTest {

    private static final String ACME = "greenhouse:PatchAcme00000000000001";
    private static final String GLOBEX = "greenhouse:PatchGlobex0000000000001";
    private static final KomboContract CONTRACT = KomboContract.INSTANCE;
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().apiKey("k-patch").integration(ACME, 400)
                .integration(GLOBEX, 100).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.store().setState(ACME, null);
        sandbox.patchFaults().clear();
        sandbox.patches().clear();
    }

    @Test
    void valid_patch_answers_200_with_the_updated_interview_and_a_following_incremental_get_returns_it() {
        Interview before = interview(sandbox, ACME, 10);
        Instant watermark = Instant.now();

        SandboxHttp.Reply reply = http.patch(ACME, before.applicationId(), body(sandbox, ACME, before).toString());

        assertThat(reply.status()).isEqualTo(200);
        CONTRACT.assertValidPatchSuccess(reply.json());
        JsonNode data = reply.json().get("data");
        assertThat(data.get("id").asText()).isEqualTo(before.id());
        assertThat(data.get("title").asText()).isEqualTo("Final round – Zoë");
        assertThat(data.get("starting_at").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(data.get("ending_at").asText()).isEqualTo("2026-03-02T10:00:00.000Z");
        assertThat(data.at("/location/raw").asText()).isEqualTo("Lohmühlenstraße 65, Berlin");
        assertThat(Instant.parse(data.get("changed_at").asText())).isAfter(before.changedAt())
                .isAfterOrEqualTo(watermark.truncatedTo(ChronoUnit.MILLIS));

        JsonNode page = http.interviews(ACME, "updated_after=" + Timestamps.format(watermark)).json();
        CONTRACT.assertValidPage(page);
        assertThat(page.at("/data/results")).hasSize(1);
        assertThat(page.at("/data/results/0")).isEqualTo(data);
        assertThat(sandbox.appliedCount(ACME)).isEqualTo(1);
        assertThat(sandbox.appliedCount(ACME, before.id())).isEqualTo(1);
    }

    @Test
    void organizer_leads_the_users_and_is_not_repeated_when_also_an_interviewer() {
        Interview target = interview(sandbox, ACME, 20);
        ObjectNode body = body(sandbox, ACME, target);
        body.put("organizer_user_id", user(sandbox, ACME, 4)); // also the second interviewer

        JsonNode data = http.patch(ACME, target.applicationId(), body.toString()).json().get("data");

        assertThat(PatchFixtures.userIds(data.get("users")))
                .containsExactly(user(sandbox, ACME, 4), user(sandbox, ACME, 3));
    }

    @Test
    void patched_interviewer_ids_are_the_users_of_the_next_get_and_an_unknown_id_is_a_user_with_null_names() {
        Interview target = interview(sandbox, ACME, 24);
        Interview.User known = sandbox.store().users(ACME).get(6);
        ObjectNode body = body(sandbox, ACME, target);
        body.putArray("interviewer_user_ids").add(known.id()).add("26vafvWSRmbhNcxJYqjCzuJg");
        body.put("organizer_user_id", known.id());

        assertThat(http.patch(ACME, target.applicationId(), body.toString()).status()).isEqualTo(200);
        JsonNode page = http.interviews(ACME, "ids=" + target.id() + "&include_deleted=true").json();

        CONTRACT.assertValidPage(page);
        JsonNode users = page.at("/data/results/0/users");
        assertThat(PatchFixtures.userIds(users)).containsExactly(known.id(), "26vafvWSRmbhNcxJYqjCzuJg");
        assertThat(users.get(0).get("first_name").textValue()).isEqualTo(known.firstName());
        assertThat(users.get(0).get("last_name").textValue()).isEqualTo(known.lastName());
        JsonNode unknown = users.get(1);
        for (String required : List.of("remote_id", "first_name", "last_name")) {
            assertThat(unknown.has(required)).as(required + " is present").isTrue();
            assertThat(unknown.get(required).isNull()).as(required + " is null").isTrue();
        }
    }

    @Test
    void virtual_location_becomes_the_video_link_and_offsets_are_normalised_to_utc() {
        Interview target = interview(sandbox, ACME, 30);
        ObjectNode body = body(sandbox, ACME, target);
        body.put("start_time", "2026-03-02T10:00:00+01:00");
        body.put("end_time", "2026-03-02T10:30:00.250+01:00");
        body.putObject("location").put("type", "VIRTUAL").put("address", "https://meet.example.com/final");

        JsonNode data = http.patch(ACME, target.applicationId(), body.toString()).json().get("data");

        assertThat(data.get("starting_at").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(data.get("ending_at").asText()).isEqualTo("2026-03-02T09:30:00.250Z");
        assertThat(data.get("video_conferencing_url").asText()).isEqualTo("https://meet.example.com/final");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            title not a string            | title=42                           | 400 | PLATFORM.INPUT_INVALID | title:
            title missing                 | -title                             | 400 | PLATFORM.INPUT_INVALID | title
            location missing              | -location                          | 400 | PLATFORM.INPUT_INVALID | location
            location type not in the enum | location={"type":"ONSITE"}         | 400 | PLATFORM.INPUT_INVALID | location.type:
            interviewers not an array     | interviewer_user_ids="u1"          | 400 | PLATFORM.INPUT_INVALID | interviewer_user_ids:
            start without offset          | start_time="2026-03-02T09:00:00"   | 400 | PLATFORM.INPUT_INVALID | start_time: "2026-03-02T09:00:00" is not an ISO-8601
            end not a date                | end_time="tomorrow"                | 400 | PLATFORM.INPUT_INVALID | end_time: "tomorrow" is not an ISO-8601
            end before start              | end_time="2026-03-02T08:00:00Z"    | 400 | REMOTE.INPUT_INVALID   | end_time: must be after start_time
            end equal to start            | end_time="2026-03-02T09:00:00Z"    | 400 | REMOTE.INPUT_INVALID   | end_time: must be after start_time
            blank title                   | title="  "                         | 400 | REMOTE.INPUT_INVALID   | title: must not be blank
            unknown interview             | interview_id="26vafvWSRmbhNcxJYqjCzuJg" | 404 | PLATFORM.INPUT_INVALID | interview_id: no interview "26vafvWSRmbhNcxJYqjCzuJg"
            """)
    void each_invalid_field_answers_its_error_naming_the_problem_and_applies_nothing(String name, String change,
                                                                                    int status, String code,
                                                                                    String problem) throws Exception {
        Interview target = interview(sandbox, ACME, 40);
        ObjectNode body = body(sandbox, ACME, target);
        if (change.startsWith("-")) {
            body.remove(change.substring(1));
        } else {
            int eq = change.indexOf('=');
            body.set(change.substring(0, eq), SandboxHttp.MAPPER.readTree(change.substring(eq + 1)));
        }

        SandboxHttp.Reply reply = http.patch(ACME, target.applicationId(), body.toString());

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().at("/error/message").asText()).contains(problem);
        CONTRACT.assertValidPatchError(reply.json());
        assertThat(sandbox.appliedCount(ACME)).isZero();
        assertThat(sandbox.store().findInterview(ACME, target.id())).contains(target);
    }

    @Test
    void every_problem_of_a_tier_is_listed_in_one_answer() {
        Interview target = interview(sandbox, ACME, 50);
        ObjectNode body = body(sandbox, ACME, target);
        body.put("end_time", "2026-03-02T08:00:00Z");
        body.put("title", " ");

        String message = http.patch(ACME, target.applicationId(), body.toString()).json().at("/error/message").asText();

        assertThat(message).contains("end_time: must be after start_time", "title: must not be blank");
    }

    @Test
    void body_that_is_not_json_or_empty_answers_platform_input_invalid() {
        Interview target = interview(sandbox, ACME, 60);

        SandboxHttp.Reply notJson = http.patch(ACME, target.applicationId(), "{not json");
        SandboxHttp.Reply empty = http.patch(ACME, target.applicationId(), "");
        SandboxHttp.Reply array = http.patch(ACME, target.applicationId(), "[]");

        for (SandboxHttp.Reply reply : List.of(notJson, empty, array)) {
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
            CONTRACT.assertValidPatchError(reply.json());
        }
        assertThat(notJson.json().at("/error/message").asText()).contains("body: not valid JSON");
        assertThat(sandbox.appliedCount(ACME)).isZero();
    }

    @Test
    void interview_of_another_application_or_integration_answers_404_input_invalid() {
        Interview target = interview(sandbox, ACME, 70);
        Interview other = interview(sandbox, ACME, 90);
        Interview globex = interview(sandbox, GLOBEX, 0);

        SandboxHttp.Reply wrongApplication = http.patch(ACME, other.applicationId(), body(sandbox, ACME, target).toString());
        SandboxHttp.Reply wrongIntegration = http.patch(ACME, globex.applicationId(),
                body(sandbox, ACME, globex).toString());

        assertThat(wrongApplication.status()).isEqualTo(404);
        assertThat(wrongApplication.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
        assertThat(wrongApplication.json().at("/error/message").asText())
                .contains("does not belong to application \"" + other.applicationId() + "\"")
                .contains(target.applicationId());
        assertThat(wrongIntegration.status()).isEqualTo(404);
        assertThat(wrongIntegration.json().at("/error/message").asText()).contains("no interview");
        assertThat(sandbox.appliedCount(ACME)).isZero();
        assertThat(sandbox.appliedCount(GLOBEX)).isZero();
    }

    @Test
    void deleted_interview_answers_404() {
        Interview alreadyDeleted = findDeleted();

        SandboxHttp.Reply reply = http.patch(ACME, alreadyDeleted.applicationId(),
                body(sandbox, ACME, alreadyDeleted).toString());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/error/message").asText()).contains("deleted");
    }

    @Test
    void gate_answers_auth_integration_and_state_errors_before_looking_at_the_body() {
        Interview target = interview(sandbox, ACME, 110);
        String body = body(sandbox, ACME, target).toString();
        List<SandboxHttp.Reply> replies = new ArrayList<>();

        replies.add(http.patch(target.applicationId(), body, b -> b.header("X-Integration-Id", ACME)));
        replies.add(http.patch(target.applicationId(), body, b -> b.header("Authorization", "Bearer nope")
                .header("X-Integration-Id", ACME)));
        replies.add(http.patch(target.applicationId(), body, b -> b.header("Authorization", "Bearer k-patch")));
        replies.add(http.patch("workday:unknown", target.applicationId(), body));
        sandbox.store().setState(ACME, "INTEGRATION.SETUP_SYNC_PENDING");
        replies.add(http.patch(ACME, target.applicationId(), body));
        sandbox.store().setState(ACME, "INTEGRATION.AUTHENTICATION_INVALID");
        replies.add(http.patch(ACME, target.applicationId(), "{not json"));

        assertThat(replies).extracting(SandboxHttp.Reply::status).containsExactly(401, 401, 400, 404, 409, 403);
        assertThat(replies).extracting(SandboxHttp.Reply::errorCode).containsExactly("PLATFORM.AUTHENTICATION_INVALID",
                "PLATFORM.AUTHENTICATION_INVALID", "PLATFORM.INPUT_INVALID", "PLATFORM.INTEGRATION_NOT_FOUND",
                "INTEGRATION.SETUP_SYNC_PENDING", "INTEGRATION.AUTHENTICATION_INVALID");
        replies.forEach(reply -> {
            CONTRACT.assertValidPatchError(reply.json());
            assertThat(reply.headers().firstValue("Concurrency-Limit")).contains("30");
            assertThat(reply.headers().firstValue("Concurrency-Remaining")).isPresent();
        });
        assertThat(sandbox.appliedCount(ACME)).isZero();
    }

    @Test
    void every_patch_is_recorded_with_masked_key_headers_idempotency_key_body_and_status() {
        Interview target = interview(sandbox, ACME, 120);
        String body = body(sandbox, ACME, target).toString();
        Consumer<HttpRequest.Builder> headers = b -> b.header("Authorization", "Bearer k-patch")
                .header("X-Integration-Id", ACME).header("Idempotency-Key", "upd-42");

        http.patch(target.applicationId(), body, headers);
        http.patch(target.applicationId(), "{not json", headers);
        http.patch(target.applicationId(), body, b -> b.header("X-Integration-Id", ACME));

        List<PatchLog.Entry> patches = sandbox.patches().all();
        assertThat(patches).hasSize(3);
        PatchLog.Entry first = patches.get(0);
        assertThat(first.integrationId()).isEqualTo(ACME);
        assertThat(first.applicationId()).isEqualTo(target.applicationId());
        assertThat(first.headers()).containsEntry("Authorization", "Bearer ***").containsEntry("X-Integration-Id", ACME)
                .containsEntry("Idempotency-Key", "upd-42");
        assertThat(first.headers().values()).noneMatch(v -> v.contains("k-patch"));
        assertThat(first.idempotencyKey()).isEqualTo("upd-42");
        assertThat(first.body()).isEqualTo(body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.applied()).isTrue();
        assertThat(first.interviewId()).isEqualTo(target.id());
        assertThat(patches).extracting(PatchLog.Entry::status).containsExactly(200, 400, 401);
        assertThat(patches).extracting(PatchLog.Entry::applied).containsExactly(true, false, false);
        assertThat(patches.get(2).headers()).doesNotContainKey("Authorization");
        assertThat(sandbox.patches().appliedPerInterview(ACME)).containsExactly(Map.entry(target.id(), 1L));

        JsonNode admin = http.admin("GET", "/sandbox/patches?limit=2", null).json();
        assertThat(admin.get("received").asLong()).isEqualTo(3);
        assertThat(admin.get("patches")).hasSize(2);
        assertThat(admin.at("/patches/1/idempotency_key").asText()).isEqualTo("upd-42");
        assertThat(admin.at("/patches/1/headers/Authorization").asText()).isEqualTo("Bearer ***");
        assertThat(admin.at("/applied/" + ACME.replace("/", "~1") + "/" + target.id()).asLong()).isEqualTo(1);
        assertThat(http.admin("POST", "/sandbox/patches/clear", null).status()).isEqualTo(200);
        assertThat(sandbox.patches().all()).isEmpty();
        assertThat(sandbox.appliedCount(ACME)).isZero();
    }

    @Test
    void other_methods_on_the_patch_path_answer_405() {
        Interview target = interview(sandbox, ACME, 130);

        SandboxHttp.Reply get = http.raw("GET", "/v1/ats/applications/" + target.applicationId() + "/interviews");
        SandboxHttp.Reply elsewhere = http.raw("PATCH", "/v1/ats/applications/" + target.applicationId() + "/notes");

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("PATCH");
        assertThat(elsewhere.status()).isEqualTo(404);
        CONTRACT.assertValidPatchError(get.json());
        assertThat(sandbox.patches().all()).isEmpty();
    }

    private static Interview findDeleted() {
        for (int i = 0; i < sandbox.store().count(ACME); i++) {
            Interview interview = sandbox.store().get(ACME, i);
            if (interview.deleted() && interview.application() != null) {
                return interview;
            }
        }
        throw new AssertionError("no deleted interview with an application");
    }
}
