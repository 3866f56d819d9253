package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterviewStoreTest {

    private static final String ACME = "workday:StoreAcme0000000000001";

    private final InterviewStore store = new InterviewStore(SandboxSettings.builder().integration(ACME, 1_000)
            .integration("other", 1_000).build(), Clock.systemUTC());

    @Test
    void same_seed_generates_the_same_records() {
        InterviewStore again = new InterviewStore(SandboxSettings.builder().integration(ACME, 1_000).build(),
                Clock.systemUTC());

        IntStream.of(0, 1, 500, 999).forEach(i -> assertThat(again.get(ACME, i)).isEqualTo(store.get(ACME, i)));
    }

    @Test
    void integrations_with_different_ids_get_different_records() {
        assertThat(store.interviewId("other", 0)).isNotEqualTo(store.interviewId(ACME, 0));
    }

    @Test
    void ids_resolve_back_to_their_records() {
        for (int i = 0; i < 1_000; i += 37) {
            Interview interview = store.get(ACME, i);
            assertThat(store.findInterview(ACME, interview.id())).contains(interview);
        }
        assertThat(store.findInterview(ACME, "26vafvWSRmbhNcxJYqjCzuJg")).isEmpty();
        assertThat(store.findInterview(ACME, store.interviewId("other", 5))).isEmpty();
    }

    @Test
    void all_generated_timestamps_lie_before_the_data_horizon() {
        Instant horizon = store.dataHorizon();
        for (int i = 0; i < 1_000; i++) {
            Interview r = store.get(ACME, i);
            assertThat(Stream.of(r.startingAt(), r.endingAt(), r.remoteCreatedAt(), r.remoteUpdatedAt(), r.changedAt(),
                    r.remoteDeletedAt(), r.updatedAt()).filter(Objects::nonNull)).allMatch(t -> t.isBefore(horizon));
            assertThat(r.updatedAt()).isAfterOrEqualTo(r.changedAt());
        }
        assertThat(horizon).isBefore(Instant.now());
    }

    @Test
    void a_million_records_cost_no_memory_up_front() {
        store.addIntegration("big", 1_000_000);

        assertThat(store.visibleCount("big", true)).isEqualTo(1_000_000);
        assertThat(store.visibleCount("big", false)).isEqualTo(1_000_000 - 1_000_000 / 17);
        assertThat(store.get("big", 999_999).id()).hasSize(24);
    }

    @Test
    void update_applies_patch_fields_and_bumps_changed_at() {
        Interview before = store.get(ACME, 10);
        List<String> interviewers = List.of(store.users(ACME).get(3).id(), store.users(ACME).get(4).id());
        Instant start = Instant.parse("2026-03-02T09:00:00.000Z");

        Interview after = store.update(ACME, before.id(), new InterviewChanges("Final round – Zoë", start,
                start.plusSeconds(3600), interviewers, "VIRTUAL", "https://meet.example.com/final"));

        assertThat(after.title()).isEqualTo("Final round – Zoë");
        assertThat(after.startingAt()).isEqualTo(start);
        assertThat(after.endingAt()).isEqualTo(start.plusSeconds(3600));
        assertThat(after.users()).extracting(Interview.User::id).containsExactlyElementsOf(interviewers);
        assertThat(after.location().raw()).isEqualTo("https://meet.example.com/final");
        assertThat(after.videoConferencingUrl()).isEqualTo("https://meet.example.com/final");
        assertThat(after.changedAt()).isAfter(before.changedAt()).isEqualTo(after.updatedAt());
        assertThat(after.applicationId()).isEqualTo(before.applicationId());
        assertThat(store.findInterview(ACME, before.id())).contains(after);
    }

    @Test
    void changing_only_interviewers_bumps_updated_but_not_changed_at() {
        Interview before = store.get(ACME, 11);

        Interview after = store.update(ACME, before.id(), new InterviewChanges(null, null, null,
                List.of(store.users(ACME).get(0).id()), null, null));

        assertThat(after.changedAt()).isEqualTo(before.changedAt());
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
    }

    @Test
    void interviewer_ids_become_users_named_from_the_pool_or_bare_when_unknown() {
        Interview.User known = store.users(ACME).get(7);

        Interview after = store.update(ACME, store.interviewId(ACME, 13), new InterviewChanges(null, null, null,
                List.of("ghost", known.id()), null, null));

        assertThat(after.users()).containsExactly(Interview.User.unknown("ghost"), known);
        assertThat(after.users().get(0)).extracting(Interview.User::remoteId, Interview.User::firstName,
                Interview.User::lastName).containsOnlyNulls();
    }

    @Test
    void update_rejects_unknown_interviews_and_inverted_times() {
        String id = store.interviewId(ACME, 12);
        Instant now = Instant.now();

        assertThatThrownBy(() -> store.update(ACME, "nope", InterviewChanges.title("x")))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.update(ACME, id, new InterviewChanges(null, now, now.minusSeconds(60), null,
                null, null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void touch_twice_keeps_one_revision_suffix() {
        String id = store.interviewId(ACME, 20);
        store.touchIds(ACME, List.of(id));
        store.touchIds(ACME, List.of(id));

        assertThat(store.findInterview(ACME, id).orElseThrow().title()).endsWith("(rev 2)").doesNotContain("(rev 1)");
    }

    @Test
    void touch_and_delete_pick_distinct_live_records() {
        List<String> touched = store.touch(ACME, 50);
        List<String> deleted = store.delete(ACME, 30);

        assertThat(touched).hasSize(50).doesNotHaveDuplicates();
        assertThat(deleted).hasSize(30).doesNotHaveDuplicates();
        assertThat(store.visibleCount(ACME, false)).isEqualTo(1_000 - 1_000 / 17 - 30);
    }
}
