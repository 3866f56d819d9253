package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            if (r.get("starting_at").isTextual() && r.get("ending_at").isTextual()) {
                assertThat(Instant.parse(r.get("ending_at").asText())).isAfter(Instant.parse(r.get("starting_at").asText()));
            }
            assertThat(Instant.parse(r.get("changed_at").asText())).isBefore(horizon);
            assertThat(r.get("id").asText()).hasSize(24).matches("[1-9A-HJ-NP-Za-km-z]{24}");
            if (!r.get("application").isNull()) {
                assertThat(r.get("application_id").asText()).isEqualTo(r.at("/application/id").asText());
            }
        }
    }

    @Test
    void generated_records_have_unicode_names_deletions_remote_data_and_varied_users() {
        List<JsonNode> records = http.pageAll(ACME, "page_size=250&include_deleted=true", 100).records();

        assertSome(records, "remote_data object", r -> r.get("remote_data").isObject());
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
        ((ObjectNode) page.at("/data/results/0")).put("changed_at", "2024-01-01 10:00");

        assertThat(CONTRACT.pageViolations(page)).isNotEmpty();
    }

    @Test
    void reading_nullable_enums_as_kombo_means_them_takes_null_but_still_refuses_an_unknown_value() {
        JsonNode page = http.interviews(ACME, "ids=" + withApplication().id()).json();
        ObjectNode application = (ObjectNode) page.at("/data/results/0/application");

        application.putNull("outcome");
        assertThat(CONTRACT.pageViolations(page)).isEmpty();
        application.put("outcome", "WITHDRAWN");
        assertThat(CONTRACT.pageViolations(page)).singleElement().asString().contains("outcome");
    }

    private static Interview withApplication() {
        for (int i = 0; ; i++) {
            Interview interview = sandbox.store().get(ACME, i);
            if (interview.application() != null && !interview.deleted()) {
                return interview;
            }
        }
    }

    private static void assertSome(List<JsonNode> records, String what, Predicate<JsonNode> test) {
        assertThat(records.stream().anyMatch(test)).as("some record has " + what).isTrue();
    }
}
