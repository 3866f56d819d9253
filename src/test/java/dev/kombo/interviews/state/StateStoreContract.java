package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.PageReader;
import dev.kombo.interviews.sync.WatermarkStore.Checkpoint;
import dev.kombo.interviews.update.IdempotencyCache;
import dev.kombo.interviews.update.IdempotencyCache.Fresh;
import dev.kombo.interviews.update.IdempotencyCache.InFlight;
import dev.kombo.interviews.update.IdempotencyCache.Replay;
import dev.kombo.interviews.update.UpdateOutcome;

/**
 * What every state store promises (kombo.state.store), run against each one: a subclass says how to open a store
 * on this test's state, and a second one opened on the same state is another replica.
 */
abstract class StateStoreContract {

    static final long WINDOW_MS = 3_600_000;
    static final long IN_FLIGHT_MS = 600_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KomboError REVOKED = new KomboError(401, "INTEGRATION.AUTHENTICATION_INVALID", "Revoked",
            "the key was revoked", "https://app.kombo.dev/logs/1", Optional.empty());

    private final List<StateStore> opened = new ArrayList<>();

    /** A new store on this test's state (the same folders, the same database), with WINDOW_MS and IN_FLIGHT_MS. */
    abstract StateStore newStore();

    /** Makes every stored idempotency key (claim or outcome) older by {@code by}, as time passing would. */
    abstract void ageIdempotencyKeys(Duration by) throws Exception;

    StateStore replica() {
        StateStore store = newStore();
        store.open();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(StateStore::close);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static InterviewPage page(String integration, String run, int number) {
        return new InterviewPage(integration, "x:" + integration, run, number, List.of());
    }

    // --- watermarks and checkpoints

    @Test
    void watermarks_and_checkpoints_are_kept_per_integration_and_survive_a_reopen() {
        StateStore store = replica();
        store.watermarks().advance("acme", "2026-11-25T09:30:00.123Z");
        Checkpoint checkpoint = new Checkpoint("2026-11-25T09:31:00.000Z", null, "cur=sor/+é", 3, 750, 40, 1);
        store.watermarks().saveCheckpoint("globex", checkpoint);
        store.close();

        StateStore reopened = replica();

        assertThat(reopened.watermarks().watermark("acme")).hasValue("2026-11-25T09:30:00.123Z");
        assertThat(reopened.watermarks().checkpoint("acme")).isEmpty();
        assertThat(reopened.watermarks().watermark("globex")).isEmpty();
        assertThat(reopened.watermarks().checkpoint("globex")).hasValue(checkpoint);
        assertThat(reopened.watermarks().watermark("initech")).isEmpty();
    }

    @Test
    void a_checkpoint_replaces_the_previous_one_whole_and_clearing_it_leaves_the_watermark() {
        StateStore store = replica();
        store.watermarks().advance("acme", "2026-11-25T09:00:00.000Z");
        store.watermarks().saveCheckpoint("acme", new Checkpoint("2026-11-25T10:00:00.000Z",
                "2026-11-25T09:00:00.000Z", "page-2", 1, 250, 3, 0));
        Checkpoint later = new Checkpoint("2026-11-25T10:00:00.000Z", "2026-11-25T09:00:00.000Z", "page-3", 2, 500, 7, 2);
        store.watermarks().saveCheckpoint("acme", later);

        assertThat(replica().watermarks().checkpoint("acme")).hasValue(later);

        store.watermarks().clearCheckpoint("acme");
        store.watermarks().clearCheckpoint("never-checkpointed");

        assertThat(replica().watermarks().checkpoint("acme")).isEmpty();
        assertThat(replica().watermarks().watermark("acme")).hasValue("2026-11-25T09:00:00.000Z");
    }

    // --- kept records

    @Test
    void kept_records_come_back_byte_for_byte_in_page_order_and_another_replica_counts_them() {
        StateStore store = replica();
        byte[] escaped = utf8("{\"id\":\"a\",\"note\":\"line one\\nline two\",\"title\":\"Zoë \\\"quoted\\\" 🌈 日本\",\"n\":1.50}");
        byte[] plain = utf8("{\"id\":\"b\",\"title\":null}");
        byte[] later = utf8("{\"id\":\"c\"}");
        store.keptRecords().keep(page("acme", "20261201T100000000Z", 12), List.of(new PageReader.Rejected("late", later)));
        store.keptRecords().keep(page("acme", "20261201T100000000Z", 3), List.of(
                new PageReader.Rejected("no id, for the test", escaped), new PageReader.Rejected("another reason", plain)));
        store.keptRecords().keep(page("globex", "20261201T100000000Z", 1), List.of(new PageReader.Rejected("g", plain)));

        StateStore other = replica();
        List<KeptRecords.Batch> batches = other.keptRecords().batches("acme");

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).records()).extracting(KeptRecords.Kept::reason)
                .containsExactly("no id, for the test", "another reason");
        assertThat(batches.get(0).records().get(0).record()).isEqualTo(escaped);
        assertThat(batches.get(0).records().get(1).record()).isEqualTo(plain);
        assertThat(batches.get(0).records()).allSatisfy(kept -> {
            assertThat(kept.run()).isEqualTo("20261201T100000000Z");
            assertThat(kept.page()).isEqualTo(3);
            assertThat(Instant.parse(kept.keptAt())).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(batches.get(1).records()).singleElement()
                .satisfies(kept -> assertThat(kept.record()).isEqualTo(later));
        assertThat(other.keptRecords().waiting("acme")).isEqualTo(3);
        assertThat(other.keptRecords().waiting("globex")).isEqualTo(1);
        assertThat(other.keptRecords().waiting("initech")).isZero();
        assertThat(other.keptRecords().where("acme")).contains("acme");
    }

    @Test
    void settling_a_batch_keeps_only_what_is_still_refused_and_removes_an_empty_one() {
        StateStore store = replica();
        store.keptRecords().keep(page("acme", "20261201T100000000Z", 1), List.of(
                new PageReader.Rejected("r1", utf8("{\"id\":\"a\"}")), new PageReader.Rejected("r2", utf8("{\"id\":\"b\"}"))));
        store.keptRecords().keep(page("acme", "20261201T100000000Z", 2), List.of(
                new PageReader.Rejected("r3", utf8("{\"id\":\"c\"}"))));
        KeptRecords.Batch first = store.keptRecords().batches("acme").get(0);
        KeptRecords.Kept b = first.records().get(1);

        store.keptRecords().settle(first, "acme", List.of(new KeptRecords.Kept("still refused: r2", b.run(), b.page(),
                b.keptAt(), b.record())));

        StateStore other = replica();
        assertThat(other.keptRecords().batches("acme")).hasSize(2).first().satisfies(left -> assertThat(left.records())
                .singleElement().satisfies(record -> {
                    assertThat(record.reason()).isEqualTo("still refused: r2");
                    assertThat(record.record()).isEqualTo(utf8("{\"id\":\"b\"}"));
                }));
        other.keptRecords().settle(other.keptRecords().batches("acme").get(0), "acme", List.of());
        assertThat(store.keptRecords().batches("acme")).singleElement()
                .satisfies(left -> assertThat(left.records().get(0).reason()).isEqualTo("r3"));
        assertThat(store.keptRecords().waiting("acme")).isEqualTo(1);
    }

    @Test
    void keeping_a_page_again_replaces_its_batch_instead_of_counting_its_records_twice() {
        StateStore store = replica();
        InterviewPage page = page("acme", "20261201T100000000Z", 4);
        store.keptRecords().keep(page, List.of(new PageReader.Rejected("r", utf8("{\"id\":\"a\"}"))));
        // the same page delivered again (a run resumed from the checkpoint before it)
        store.keptRecords().keep(page, List.of(new PageReader.Rejected("r", utf8("{\"id\":\"a\"}"))));

        assertThat(store.keptRecords().waiting("acme")).isEqualTo(1);
    }

    // --- suspensions

    @Test
    void a_suspension_reaches_every_replica_the_first_one_stays_and_a_resume_on_any_replica_lifts_it() {
        IntegrationSuspensions a = new IntegrationSuspensions(replica().suspensions(), 100, "replica-a");
        IntegrationSuspensions b = new IntegrationSuspensions(replica().suspensions(), 100, "replica-b");
        assertThat(b.suspension("x:acme")).isEmpty();

        a.suspend("x:acme", REVOKED);
        b.suspend("x:acme", new KomboError(403, "INTEGRATION.PERMISSION_MISSING", "Later", "a later reason", null,
                Optional.empty()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(b.suspension("x:acme"))
                .hasValueSatisfying(s -> {
                    assertThat(s.error().status()).isEqualTo(401);
                    assertThat(s.error().code()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");
                    assertThat(s.error().title()).isEqualTo("Revoked");
                    assertThat(s.error().message()).isEqualTo("the key was revoked");
                    assertThat(s.error().logUrl()).isEqualTo("https://app.kombo.dev/logs/1");
                    assertThat(s.replica()).isEqualTo("replica-a");
                    assertThat(s.since()).isBefore(Instant.now().plusSeconds(1));
                }));
        assertThat(b.suspension("x:globex")).isEmpty();

        assertThat(b.resume("x:acme")).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.suspension("x:acme")).isEmpty());
        assertThat(a.resume("x:acme")).as("resumed already").isFalse();
    }

    @Test
    void a_suspension_keeps_its_time_and_a_null_field_as_recorded() {
        StateStore store = replica();
        Instant since = Instant.parse("2026-11-30T08:15:30.123456Z");
        KomboError bare = new KomboError(403, null, null, "no code", null, Optional.empty());

        assertThat(store.suspensions().suspend("x:globex", new IntegrationSuspensions.Suspension(bare, since, "r0")))
                .isTrue();

        assertThat(replica().suspensions().all()).containsOnlyKeys("x:globex").extractingByKey("x:globex")
                .satisfies(s -> {
                    assertThat(s.since()).isEqualTo(since);
                    assertThat(s.error().code()).isNull();
                    assertThat(s.error().logUrl()).isNull();
                    assertThat(s.error().message()).isEqualTo("no code");
                });
    }

    // --- idempotency keys

    private static UpdateOutcome applied(String id) throws Exception {
        return UpdateOutcome.success(JSON.readTree("{\"status\":\"success\",\"data\":{\"id\":\"" + id + "\"}}"));
    }

    @Test
    void a_key_claimed_on_one_replica_is_in_flight_on_the_other_then_replayed_there() throws Exception {
        IdempotencyCache one = replica().idempotencyKeys();
        IdempotencyCache two = replica().idempotencyKeys();

        assertThat(one.begin("x:acme\nkey-1")).isEqualTo(new Fresh(null));
        assertThat(two.begin("x:acme\nkey-1")).isInstanceOf(InFlight.class);
        one.finish("x:acme\nkey-1", applied("i1"));

        assertThat(two.begin("x:acme\nkey-1")).isEqualTo(new Replay(applied("i1")));
        assertThat(one.begin("x:acme\nkey-1")).isEqualTo(new Replay(applied("i1")));
        assertThat(two.begin("x:acme\nkey-2")).as("another key").isEqualTo(new Fresh(null));
        assertThat(two.begin("x:globex\nkey-1")).as("the same key of another integration").isEqualTo(new Fresh(null));
    }

    @Test
    void a_refused_update_is_replayed_as_refused() throws Exception {
        IdempotencyCache one = replica().idempotencyKeys();
        UpdateOutcome refused = UpdateOutcome.invalid(List.of("start_time: not a date-time"));
        one.begin("k-refused");
        one.finish("k-refused", refused);

        assertThat(replica().idempotencyKeys().begin("k-refused")).isEqualTo(new Replay(refused));
    }

    @Test
    void an_abandoned_claim_lets_the_key_be_sent_again_on_any_replica() {
        IdempotencyCache one = replica().idempotencyKeys();
        IdempotencyCache two = replica().idempotencyKeys();

        one.begin("k-abandoned");
        one.abandon("k-abandoned");

        assertThat(two.begin("k-abandoned")).isEqualTo(new Fresh(null));
        assertThat(one.begin("k-abandoned")).isInstanceOf(InFlight.class);
    }

    @Test
    void a_claim_whose_replica_died_is_given_up_after_the_in_flight_timeout() throws Exception {
        IdempotencyCache died = replica().idempotencyKeys();
        IdempotencyCache two = replica().idempotencyKeys();
        died.begin("k-crashed");

        ageIdempotencyKeys(Duration.ofMillis(IN_FLIGHT_MS - 60_000));
        assertThat(two.begin("k-crashed")).as("within the timeout").isInstanceOf(InFlight.class);
        ageIdempotencyKeys(Duration.ofMillis(120_000));

        assertThat(two.begin("k-crashed")).isEqualTo(new Fresh(null));
        assertThat(died.begin("k-crashed")).as("claimed anew by the other").isInstanceOf(InFlight.class);
    }

    @Test
    void an_outcome_is_replayed_within_the_window_and_forgotten_after_it() throws Exception {
        IdempotencyCache one = replica().idempotencyKeys();
        IdempotencyCache two = replica().idempotencyKeys();
        one.begin("k-old");
        one.finish("k-old", applied("old"));

        ageIdempotencyKeys(Duration.ofMillis(WINDOW_MS - 60_000));
        assertThat(two.begin("k-old")).isEqualTo(new Replay(applied("old")));
        ageIdempotencyKeys(Duration.ofMillis(120_000));

        assertThat(two.begin("k-old")).as("outside the window").isEqualTo(new Fresh(null));
    }

    @Test
    void a_failed_outcome_that_may_have_applied_is_handed_to_the_one_next_claim_as_uncertain() throws Exception {
        IdempotencyCache one = replica().idempotencyKeys();
        IdempotencyCache two = replica().idempotencyKeys();
        UpdateOutcome timedOut = UpdateOutcome.unreachable("no answer within 30000 ms", 5L);
        one.begin("k-timeout");
        one.finish("k-timeout", timedOut);

        assertThat(two.begin("k-timeout")).isEqualTo(new Fresh(timedOut));
        assertThat(one.begin("k-timeout")).as("now in flight on the other replica").isInstanceOf(InFlight.class);
        two.finish("k-timeout", applied("checked"));

        assertThat(one.begin("k-timeout")).isEqualTo(new Replay(applied("checked")));
    }

    @Test
    void of_two_replicas_claiming_keys_from_many_threads_at_once_exactly_one_request_gets_each_key() throws Exception {
        List<IdempotencyCache> replicas = List.of(replica().idempotencyKeys(), replica().idempotencyKeys());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int key = 0; key < 10; key++) {
                String same = "x:acme\nrace-" + key;
                // an uncertain outcome for half the keys: the re-claim by compare-and-set races too
                if (key % 2 == 1) {
                    replicas.get(0).begin(same);
                    replicas.get(0).finish(same, UpdateOutcome.unreachable("timed out", null));
                }
                List<Callable<IdempotencyCache.Lookup>> claims = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    IdempotencyCache replica = replicas.get(i % 2);
                    claims.add(() -> replica.begin(same));
                }
                long fresh = 0;
                for (Future<IdempotencyCache.Lookup> result : pool.invokeAll(claims)) {
                    fresh += result.get() instanceof Fresh ? 1 : 0;
                }
                assertThat(fresh).as(same).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
