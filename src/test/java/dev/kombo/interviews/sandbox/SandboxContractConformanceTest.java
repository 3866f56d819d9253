package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer the sandbox gives must be one Kombo's contract allows. */
class SandboxContractConformanceTest {

    private static final String ACME = "greenhouse:AcmeConformance0000001";
    private static final KomboContract CONTRACT = KomboContract.INSTANCE;
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 5_000).seed(7).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.faults().clear();
        sandbox.store().setState(ACME, null);
    }

    @Test
    void every_generated_record_matches_the_response_schema() {
        SandboxHttp.Run run = http.pageAll(ACME, "page_size=250&include_deleted=true", 100);

        run.pages().forEach(CONTRACT::assertValidPage);
        assertThat(run.records()).hasSize(5_000);
        Instant horizon = sandbox.store().dataHorizon();
        for (JsonNode r : run.records()) {
            assertThat(Instant.parse(r.get("ending_at").asText())).isAfter(Instant.parse(r.get("starting_at").asText()));
            assertThat(Instant.parse(r.get("changed_at").asText())).isBefore(horizon);
            assertThat(r.get("id").asText()).hasSize(24).matches("[1-9A-HJ-NP-Za-km-z]{24}");
            if (!r.get("application").isNull()) {
                assertThat(r.get("application_id").asText()).isEqualTo(r.at("/application/id").asText());
            }
        }
    }

    @Test
    void generated_records_use_every_null_the_schema_allows_and_unicode_names() {
        List<JsonNode> records = http.pageAll(ACME, "page_size=250&include_deleted=true", 100).records();

        assertSome(records, "null location", r -> r.get("location").isNull());
        assertSome(records, "null remote_id", r -> r.get("remote_id").isNull());
        assertSome(records, "null title", r -> r.get("title").isNull());
        assertSome(records, "null stage_id", r -> r.get("stage_id").isNull());
        assertSome(records, "null canceled", r -> r.get("canceled").isNull());
        assertSome(records, "null remote_created_at", r -> r.get("remote_created_at").isNull());
        assertSome(records, "null video_conferencing_url", r -> r.get("video_conferencing_url").isNull());
        assertSome(records, "remote_data object", r -> r.get("remote_data").isObject());
        assertSome(records, "null remote_data", r -> r.get("remote_data").isNull());
        assertSome(records, "null application", r -> r.get("application").isNull());
        assertSome(records, "null candidate", r -> r.at("/application/candidate").isNull());
        assertSome(records, "null job", r -> r.at("/application/job").isNull());
        assertSome(records, "null email_addresses", r -> r.at("/application/candidate/email_addresses").isNull());
        assertSome(records, "null user email", r -> has(r.get("users"), u -> u.get("email").isNull()));
        assertSome(records, "no users", r -> r.get("users").isEmpty());
        assertSome(records, "three users", r -> r.get("users").size() == 3);
        assertSome(records, "deleted", r -> !r.get("remote_deleted_at").isNull());
        assertSome(records, "title with en dash and accents", r -> r.get("title").asText().matches(".* – .*[À-ž].*"));
        assertSome(records, "CJK name", r -> r.get("title").asText().matches(".*[\\u3040-\\u30ff\\u4e00-\\u9fff].*"));
        assertSome(records, "emoji", r -> r.get("title").asText().codePoints().anyMatch(cp -> cp >= 0x1F300));
    }

    @Test
    void filtered_pages_match_the_response_schema() {
        Interview first = sandbox.store().get(ACME, 3);
        Interview second = sandbox.store().get(ACME, 4_000);
        List<String> queries = List.of(
                "page_size=250",
                "ids=" + first.id() + "," + second.id(),
                "remote_ids=100004,100010,100999",
                "job_ids=" + String.join(",", sandbox.store().jobIds(ACME).subList(0, 3)) + "&page_size=250",
                "updated_after=2025-01-01T00:00:00.000Z&include_deleted=true&page_size=250",
                "updated_after=2030-01-01&ignore_unsupported_filters=true");
        for (String query : queries) {
            SandboxHttp.Run run = http.pageAll(ACME, query, 100);
            run.pages().forEach(CONTRACT::assertValidPage);
        }
    }

    @Test
    void every_error_with_a_json_body_matches_the_error_schema() {
        List<SandboxHttp.Reply> replies = new ArrayList<>();
        replies.add(http.interviews("", b -> b.header("X-Integration-Id", ACME)));
        replies.add(http.interviews("", b -> b.header("Authorization", "Bearer wrong").header("X-Integration-Id", ACME)));
        replies.add(http.interviews("", b -> b.header("Authorization", "Bearer " + sandbox.settings().apiKey())));
        replies.add(http.interviews("nobody:here", ""));
        replies.add(http.interviews(ACME, "page_size=0"));
        replies.add(http.interviews(ACME, "cursor=not-a-cursor"));
        replies.add(http.interviews(ACME, "updated_after=yesterday"));
        for (String code : KomboErrors.codes()) {
            sandbox.store().setState(ACME, code);
            replies.add(http.interviews(ACME, ""));
            sandbox.store().setState(ACME, null);
            sandbox.faults().script(1, Fault.errorCode(code));
            replies.add(http.interviews(ACME, ""));
        }
        for (Fault.Kind kind : List.of(Fault.Kind.RATE_LIMIT, Fault.Kind.REMOTE_RATE_LIMIT,
                Fault.Kind.REMOTE_UNAVAILABLE, Fault.Kind.NULL_CODE)) {
            sandbox.faults().script(1, Fault.of(kind));
            replies.add(http.interviews(ACME, ""));
        }

        assertThat(replies).hasSize(7 + 2 * 24 + 4);
        for (SandboxHttp.Reply reply : replies) {
            assertThat(reply.status()).isGreaterThanOrEqualTo(400);
            assertThat(reply.contentType()).isEqualTo("application/json");
            CONTRACT.assertValidError(reply.json());
        }
    }

    @Test
    void schema_check_is_strict_enough_to_catch_a_broken_record() {
        JsonNode page = http.interviews(ACME, "page_size=1").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) page.at("/data/results/0"))
                .put("changed_at", "2024-01-01 10:00");

        assertThat(CONTRACT.pageViolations(page)).isNotEmpty();
    }

    private static void assertSome(List<JsonNode> records, String what, Predicate<JsonNode> test) {
        assertThat(records.stream().anyMatch(test)).as("some record has " + what).isTrue();
    }

    private static boolean has(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode node : array) {
            if (test.test(node)) {
                return true;
            }
        }
        return false;
    }
}
