package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * Two bundle JVMs sharing a state folder, a lock folder and an Artemis broker (kombo.cluster.type=file):
 * every integration is synced by exactly one of them, the integrations spread over both, and when the leader
 * of a running sync is killed the other takes over and finishes the same run from the shared checkpoint,
 * with nothing lost and nothing delivered twice beyond the page that was in flight.
 */
class LeadershipFailoverTest {

    private static final List<String> INTEGRATIONS = List.of("alpha", "bravo", "charlie", "delta");
    private static final int RECORDS = 6000;
    private static final long STANDBY_DELAY_MS = 5000;
    private static final int PAGE = 250;

    private BundleReplicas replicas;

    @BeforeEach
    void sharedServices() throws Exception {
        replicas = new BundleReplicas("failover", INTEGRATIONS, RECORDS);
        replicas.sandbox().faults().latencyMs(400); // runs long enough to be killed in the middle
    }

    @AfterEach
    void stopAll() throws Exception {
        replicas.close();
    }

    @Test
    void each_integration_has_one_leader_and_a_killed_leaders_run_is_finished_by_the_other_replica() throws Exception {
        // started together, as a Deployment would: alpha and charlie (positions 0 and 2) are replica-0's,
        // bravo and delta replica-1's; each would take the other's only after the standby delay
        replicas.start("replica-0", cluster(), Map.of());
        replicas.start("replica-1", cluster(), Map.of());
        replicas.awaitStarted(Duration.ofSeconds(60));
        Instant allStarted = Instant.now();

        // kill replica-0 in the middle of alpha's run, once replica-1 competes for every integration
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpointPages("alpha") >= 2
                && Duration.between(allStarted, Instant.now()).toMillis() > STANDBY_DELAY_MS + 500);
        assertThat(replicas.synced("alpha")).as("alpha still running").isFalse();
        Instant killed = Instant.now();
        replicas.replica("replica-0").kill();

        await().atMost(Duration.ofSeconds(90)).until(() -> INTEGRATIONS.stream().allMatch(replicas::synced));

        // every integration's records: all delivered, by exactly one replica unless a hand-over happened
        for (String name : INTEGRATIONS) {
            List<String> byZero = replicas.delivered("replica-0", name);
            List<String> byOne = replicas.delivered("replica-1", name);
            Set<String> all = new HashSet<>(byZero);
            all.addAll(byOne);
            assertThat(all).as(name + ": nothing lost").isEqualTo(sandboxIds(name));
            int twice = byZero.size() + byOne.size() - all.size();
            assertThat(twice).as(name + ": delivered twice at most the page in flight").isLessThanOrEqualTo(PAGE);
            if (name.equals("bravo") || name.equals("delta")) {
                assertThat(byZero).as(name + " is replica-1's: replica-0 never synced it").isEmpty();
            }
        }
        // the kill happened mid-run: replica-0 had delivered part of alpha, replica-1 finished the same run
        assertThat(replicas.delivered("replica-0", "alpha")).isNotEmpty().hasSizeLessThan(RECORDS);
        assertThat(replicas.delivered("replica-1", "alpha")).isNotEmpty();
        assertThat(runIds("replica-1", "alpha")).as("the same run, resumed").isEqualTo(runIds("replica-0", "alpha"));
        Instant takenOver = replicas.firstGetAfter("alpha", killed).orElseThrow();
        System.out.println("FIGURES hand-over: first GET by the new leader "
                + Duration.between(killed, takenOver).toMillis() + " ms after the leader was killed "
                + "(lock interval 300 ms)");
    }

    private Map<String, String> cluster() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.cluster.type", "file");
        props.put("kombo.cluster.replicas", "2");
        props.put("kombo.cluster.standby-delay-ms", String.valueOf(STANDBY_DELAY_MS));
        props.put("kombo.cluster.file.lock-interval-ms", "300");
        props.put("kombo.cluster.file.root", replicas.sharedFolder("cluster").toString());
        return props;
    }

    private int checkpointPages(String name) {
        Path checkpoint = replicas.sharedFolder("state").resolve(name + ".checkpoint");
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(checkpoint)) {
            p.load(in);
            return Integer.parseInt(p.getProperty("pages_done", "0"));
        } catch (IOException e) {
            return 0; // not written yet, or replaced while read
        }
    }

    /** The runs the replica's page files belong to. */
    private Set<String> runIds(String node, String name) throws IOException {
        Set<String> runs = new HashSet<>();
        replicas.deliveredFiles(node, name).keySet()
                .forEach(file -> runs.add(file.replaceAll("^interviews-(.*)-p\\d+.*$", "$1")));
        return runs;
    }

    private Set<String> sandboxIds(String name) {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, RECORDS).forEach(i -> ids.add(replicas.sandbox().store()
                .interviewId(BundleReplicas.id(name), i)));
        return ids;
    }
}
