package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Filters behave as the contract describes: OR within one filter, AND across filters. */
class SandboxFilterTest {

    private static final String ACME = "recruitee:FilterAcme0000000000001";
    private static final int COUNT = 2_000;
    private KomboSandbox sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, COUNT).deletedEvery(17).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void deleted_records_are_hidden_unless_include_deleted_is_true() {
        List<JsonNode> live = http.pageAll(ACME, "page_size=250", 20).records();
        List<JsonNode> all = http.pageAll(ACME, "page_size=250&include_deleted=true", 20).records();

        assertThat(all).hasSize(COUNT);
        assertThat(live).hasSize(COUNT - COUNT / 17).allMatch(r -> r.get("remote_deleted_at").isNull());
        assertThat(all.stream().filter(r -> !r.get("remote_deleted_at").isNull())).hasSize(COUNT / 17)
                .allMatch(r -> r.get("changed_at").equals(r.get("remote_deleted_at")));
    }

    @Test
    void ids_filter_returns_exactly_the_named_records() {
        List<String> wanted = List.of(id(5), id(1_999), id(700));

        List<JsonNode> records = http.pageAll(ACME, "ids=" + String.join(",", wanted) + ",unknownId", 5).records();

        assertThat(ids(records)).containsExactly(id(5), id(700), id(1_999));
    }

    @Test
    void remote_ids_filter_returns_records_with_those_remote_ids() {
        List<JsonNode> records = http.pageAll(ACME, "remote_ids=100001,100500,101234,999", 5).records();

        Set<String> expected = IntStream.of(0, 499, 1_233).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> i.remoteId() != null && !i.deleted()).map(Interview::id).collect(Collectors.toSet());
        assertThat(ids(records)).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
        assertThat(records).allMatch(r -> Set.of("100001", "100500", "101234").contains(r.get("remote_id").asText()));
    }

    @Test
    void job_ids_filter_returns_interviews_of_those_jobs_only() {
        List<String> jobs = sandbox.store().jobIds(ACME).subList(0, 2);

        List<JsonNode> records = http.pageAll(ACME, "page_size=250&include_deleted=true&job_ids="
                + String.join(",", jobs), 20).records();

        long expected = IntStream.range(0, COUNT).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> jobs.contains(i.jobId())).count();
        assertThat(records).hasSize((int) expected).allMatch(r -> jobs.contains(r.at("/application/job/id").asText()));
        assertThat(expected).isBetween(100L, (long) COUNT / 2);
    }

    @Test
    void filters_combine_with_and() {
        String job = sandbox.store().jobIds(ACME).get(0);
        List<Interview> ofJob = IntStream.range(0, 200).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> job.equals(i.jobId())).toList();
        Interview other = IntStream.range(0, 200).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> i.jobId() != null && !job.equals(i.jobId()) && !i.deleted()).findFirst().orElseThrow();
        String ids = ofJob.get(0).id() + "," + other.id();

        List<JsonNode> records = http.pageAll(ACME, "include_deleted=true&job_ids=" + job + "&ids=" + ids, 5).records();

        assertThat(ids(records)).containsExactly(ofJob.get(0).id());
    }

    @Test
    void updated_after_returns_records_updated_at_or_after_the_instant() {
        Instant cut = Instant.parse("2025-01-15T00:00:00.000Z");

        List<JsonNode> records = http.pageAll(ACME, "page_size=250&include_deleted=true&updated_after="
                + "2025-01-15T00:00:00.000Z", 20).records();

        List<String> expected = IntStream.range(0, COUNT).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> !i.updatedAt().isBefore(cut)).map(Interview::id).toList();
        assertThat(ids(records)).containsExactlyElementsOf(expected).isNotEmpty().hasSizeLessThan(COUNT);
    }

    @Test
    void updated_after_also_matches_nested_changes_that_leave_changed_at_alone() {
        Interview nested = IntStream.range(0, COUNT).mapToObj(i -> sandbox.store().get(ACME, i))
                .filter(i -> i.updatedAt().isAfter(i.changedAt()) && !i.deleted()).findFirst().orElseThrow();
        String justAfterChange = Timestamps.format(nested.changedAt().plusMillis(1));

        List<JsonNode> records = http.pageAll(ACME, "page_size=250&updated_after=" + justAfterChange, 20).records();

        assertThat(ids(records)).contains(nested.id());
    }

    @Test
    void sync_started_after_a_full_sync_sees_nothing_until_something_changes() {
        String syncStart = Timestamps.format(Instant.now());
        http.pageAll(ACME, "page_size=250&include_deleted=true", 20);
        String incremental = "page_size=250&include_deleted=true&updated_after=" + syncStart;

        assertThat(http.pageAll(ACME, incremental, 5).records()).isEmpty();

        List<String> touched = sandbox.store().touch(ACME, 3);
        List<String> deleted = sandbox.store().delete(ACME, 2);
        List<JsonNode> changes = http.pageAll(ACME, incremental, 5).records();

        assertThat(ids(changes)).containsExactlyInAnyOrderElementsOf(concat(touched, deleted));
        assertThat(changes).filteredOn(r -> touched.contains(r.get("id").asText()))
                .allMatch(r -> r.get("title").asText().endsWith("(rev 1)"))
                .allMatch(r -> !Instant.parse(r.get("changed_at").asText()).isBefore(Instant.parse(syncStart)));
        assertThat(changes).filteredOn(r -> deleted.contains(r.get("id").asText()))
                .allMatch(r -> r.get("remote_deleted_at").isTextual());
        assertThat(http.pageAll(ACME, "updated_after=" + syncStart, 5).records()).as("deleted ones hidden by default")
                .hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-01", "2025-01-01T10:00:00", "2025-01-01T10:00:00Z", "2025-01-01T10:00:00.5Z",
            "2025-01-01T10:00:00.123456Z"})
    void updated_after_accepts_the_contract_pattern(String value) {
        assertThat(http.interviews(ACME, "updated_after=" + SandboxHttp.encode(value)).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-13-01T00:00:00.000Z", "2025-01-01T10:00:00+02:00", "1735689600",
            "2025-02-30", ""})
    void updated_after_outside_the_contract_is_rejected(String value) {
        SandboxHttp.Reply reply = http.interviews(ACME, "updated_after=" + SandboxHttp.encode(value));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"include_deleted=yes", "include_deleted=TRUE", "ignore_unsupported_filters=1"})
    void boolean_parameters_only_take_true_or_false(String query) {
        assertThat(http.interviews(ACME, query).status()).isEqualTo(400);
    }

    private String id(int index) {
        return sandbox.store().interviewId(ACME, index);
    }

    private static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").asText()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
