package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.kombo.interviews.sandbox.PatchFixtures.body;
import static dev.kombo.interviews.sandbox.PatchFixtures.interview;
import static org.assertj.core.api.Assertions.assertThat;

/** Kombo's per-integration cap on PATCHes in flight. */
class SandboxPatchConcurrencyTest {

    private static final String ACME = "workable:PatchConcAcme0000000001";
    private static final String GLOBEX = "workable:PatchConcGlobex000000001";
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 200).integration(GLOBEX, 200)
                .patchConcurrencyLimit(2).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void above_the_cap_patches_answer_429_concurrency_limit_exceeded_with_its_headers() throws Exception {
        List<Interview> targets = targets(ACME, 5);
        patch(ACME, targets.get(0)); // warm up, so the burst below is not spread by first-call costs
        sandbox.patches().clear();
        sandbox.patchFaults().latencyMs(500); // the two admitted PATCHes stay in flight while the others arrive

        List<SandboxHttp.Reply> replies = burst(ACME, targets);
        sandbox.patchFaults().latencyMs(0);

        List<SandboxHttp.Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
        List<SandboxHttp.Reply> applied = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(limited).hasSize(3);
        assertThat(applied).hasSize(2);
        for (SandboxHttp.Reply reply : limited) {
            assertThat(reply.errorCode()).isEqualTo("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED");
            assertThat(reply.headers().firstValue("Concurrency-Limit")).contains("2");
            assertThat(reply.headers().firstValue("Concurrency-Remaining")).contains("0");
            KomboContract.INSTANCE.assertValidPatchError(reply.json());
        }
        assertThat(applied).extracting(r -> r.headers().firstValue("Concurrency-Remaining").orElseThrow())
                .containsExactlyInAnyOrder("0", "1");
        applied.forEach(r -> KomboContract.INSTANCE.assertValidPatchSuccess(r.json()));
        assertThat(sandbox.appliedCount(ACME)).isEqualTo(2);
        assertThat(sandbox.patchesInFlight(ACME)).isZero();
    }

    @Test
    void cap_is_per_integration_and_changes_at_run_time_through_the_admin_api() throws Exception {
        assertThat(http.admin("POST", "/sandbox/patch-concurrency", "{\"limit\":3}").json().get("limit").asInt())
                .isEqualTo(3);
        List<Interview> acme = targets(ACME, 3);
        List<Interview> globex = targets(GLOBEX, 3);
        sandbox.patchFaults().latencyMs(400);
        try {
            List<Interview> both = new ArrayList<>(acme);
            both.addAll(globex);
            List<SandboxHttp.Reply> replies = burst(null, both);

            assertThat(replies).extracting(SandboxHttp.Reply::status).containsOnly(200);
            assertThat(replies).allSatisfy(r -> assertThat(r.headers().firstValue("Concurrency-Limit")).contains("3"));
        } finally {
            sandbox.patchFaults().latencyMs(0);
            sandbox.setPatchConcurrencyLimit(2);
        }
        assertThat(http.admin("GET", "/sandbox/patch-concurrency", null).json().get("limit").asInt()).isEqualTo(2);
        assertThat(http.admin("POST", "/sandbox/patch-concurrency", "{\"limit\":0}").status()).isEqualTo(400);
    }

    /** Fires one PATCH per interview at once; {@code integrationId} null: each interview's own integration. */
    private static List<SandboxHttp.Reply> burst(String integrationId, List<Interview> targets) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            CountDownLatch ready = new CountDownLatch(targets.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SandboxHttp.Reply>> futures = new ArrayList<>();
            for (Interview target : targets) {
                String integration = integrationId != null ? integrationId : integrationOf(target);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return patch(integration, target);
                }));
            }
            assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<SandboxHttp.Reply> replies = new ArrayList<>();
            for (Future<SandboxHttp.Reply> future : futures) {
                replies.add(future.get(10, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String integrationOf(Interview interview) {
        return sandbox.store().findInterview(ACME, interview.id()).isPresent() ? ACME : GLOBEX;
    }

    private static List<Interview> targets(String integrationId, int count) {
        List<Interview> targets = new ArrayList<>();
        int from = 0;
        while (targets.size() < count) {
            Interview next = interview(sandbox, integrationId, from);
            targets.add(next);
            from = next.index() + 1;
        }
        return targets;
    }

    private static SandboxHttp.Reply patch(String integrationId, Interview interview) {
        return http.patch(integrationId, interview.applicationId(), body(sandbox, integrationId, interview).toString());
    }
}
