package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.state.TestPostgres;

/**
 * The multi-replica shape on real engines: three bundle JVMs, one PostgreSQL holding all their state
 * (kombo.state.store=jdbc, shared idempotency keys), one Artemis broker, leadership in ZooKeeper, six integrations
 * (replica i prefers integrations i and i+3). What one replica learns or does is seen by all of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasOnPostgresTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicasOnPostgresTest.class);
    private static final List<String> INTEGRATIONS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
    private static final List<String> NODES = List.of("replica-0", "replica-1", "replica-2");
    private static final int RECORDS = 1500;
    private static final int PAGE = 250;

    private static TestingServer zooKeeper;
    private static CuratorFramework observer;
    private static ZooKeeperElectionView elections;
    private static String database;
    private static BundleReplicas replicas;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startReplicas() throws Exception {
        zooKeeper = new TestingServer(true);
        observer = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), 10_000, 5_000,
                new RetryOneTime(200));
        observer.start();
        observer.blockUntilConnected();
        elections = new ZooKeeperElectionView(observer, "/kombo-interview-routes");
        database = TestPostgres.newDatabase();
        replicas = new BundleReplicas("replicas-postgres", INTEGRATIONS, RECORDS);
        for (String node : NODES) {
            replicas.start(node, settings(), Map.of());
        }
        replicas.awaitStarted(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (String integration : INTEGRATIONS) {
                if (!synced(integration)) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
        if (observer != null) {
            observer.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.cluster.type", "zookeeper");
        props.put("kombo.cluster.replicas", String.valueOf(NODES.size()));
        props.put("kombo.cluster.standby-delay-ms", "12000");
        props.put("kombo.cluster.zookeeper.nodes", zooKeeper.getConnectString());
        props.put("kombo.cluster.zookeeper.session-timeout-ms", "3000");
        props.put("kombo.cluster.zookeeper.connection-timeout-ms", "1000");
        props.put("kombo.state.store", "jdbc");
        props.put("kombo.state.jdbc.url", database);
        props.put("kombo.state.jdbc.username", TestPostgres.USER);
        props.put("kombo.update.idempotency-store", "shared");
        props.put("kombo.retry.initial-delay-ms", "100");
        return props;
    }

    private static List<String> row(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database, TestPostgres.USER, null);
                ResultSet result = c.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            if (result.next()) {
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    values.add(result.getString(i));
                }
            }
            return values;
        }
    }

    private static boolean synced(String integration) throws SQLException {
        List<String> state = row("SELECT watermark FROM kombo_sync_state WHERE integration = '" + integration + "'");
        return !state.isEmpty() && state.get(0) != null;
    }

    private static int checkpointPages(String integration) throws SQLException {
        List<String> state = row("SELECT pages_done FROM kombo_sync_state WHERE integration = '" + integration + "'");
        return state.isEmpty() || state.get(0) == null ? 0 : Integer.parseInt(state.get(0));
    }

    private static HttpResponse<String> send(String node, String method, String path, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replicas.httpPort(node)
                + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void every_integration_was_synced_by_its_preferred_replica_only() throws Exception {
        for (int i = 0; i < INTEGRATIONS.size(); i++) {
            String integration = INTEGRATIONS.get(i);
            String preferred = NODES.get(i % NODES.size());
            assertThat(new HashSet<>(replicas.delivered(preferred, integration))).as(integration).hasSize(RECORDS);
            for (String other : NODES) {
                if (!other.equals(preferred)) {
                    assertThat(replicas.delivered(other, integration)).as(integration + " by " + other).isEmpty();
                }
            }
        }
    }

    @Test
    @Order(2)
    void a_key_sent_to_two_replicas_while_the_first_patch_is_in_flight_is_patched_once() throws Exception {
        Interview interview = SampleUpdates.updatable(replicas.sandbox().store(), BundleReplicas.id("charlie"), 5);
        String body = SampleUpdates.patchBody(replicas.sandbox().store(), BundleReplicas.id("charlie"), interview,
                "Sent twice", "2026-12-02T10:00:00.000Z", "2026-12-02T11:00:00.000Z", "https://meet.example.com/twice")
                .toString();
        String path = "/ats/applications/" + interview.applicationId() + "/interviews";
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                "X-Integration-Id", BundleReplicas.id("charlie"), "Idempotency-Key", "twice-1");
        replicas.sandbox().patchFaults().script(BundleReplicas.id("charlie"), interview.applicationId(), 1,
                Fault.slow(3000));

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return send("replica-0", "PATCH", path, body, headers);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas.sandbox()
                .patchesInFlight(BundleReplicas.id("charlie")) == 1);
        HttpResponse<String> meanwhile = send("replica-1", "PATCH", path, body, headers);

        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(409);
        assertThat(first.get().statusCode()).as(first.get().body()).isEqualTo(200);
        HttpResponse<String> later = send("replica-2", "PATCH", path, body, headers);
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.body()).isEqualTo(first.get().body());
        assertThat(replicas.sandbox().patches().all().stream()
                .filter(p -> interview.applicationId().equals(p.applicationId())).count()).as("one PATCH").isEqualTo(1);
    }

    @Test
    @Order(3)
    void a_revoked_key_found_by_one_replica_suspends_the_integration_on_all_of_them() throws Exception {
        // bravo (replica-1's) answers as with a revoked key; replica-1 finds out in its next sync
        replicas.sandbox().faults().script(BundleReplicas.id("bravo"), 1,
                Fault.errorCode("INTEGRATION.AUTHENTICATION_INVALID"));
        HttpResponse<String> sync = send("replica-1", "POST", "/sync/bravo", null, Map.of());
        Instant found = Instant.now();
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(503);

        Interview interview = SampleUpdates.updatable(replicas.sandbox().store(), BundleReplicas.id("bravo"), 3);
        String body = SampleUpdates.patchBody(replicas.sandbox().store(), BundleReplicas.id("bravo"), interview,
                "Not now", "2026-12-02T10:00:00.000Z", "2026-12-02T11:00:00.000Z", "https://meet.example.com/no")
                .toString();
        String path = "/ats/applications/" + interview.applicationId() + "/interviews";
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                "X-Integration-Id", BundleReplicas.id("bravo"));
        Map<String, Long> seenAfter = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String node : NODES) {
                if (!seenAfter.containsKey(node)) {
                    HttpResponse<String> refused = send(node, "PATCH", path, body, headers);
                    if (refused.statusCode() == 503 && refused.body().contains("INTEGRATION.AUTHENTICATION_INVALID")) {
                        seenAfter.put(node, Duration.between(found, Instant.now()).toMillis());
                    }
                }
            }
            return seenAfter.size() == NODES.size();
        });
        LOG.info("FIGURES suspension of bravo seen by every replica after {} ms (kombo.state.refresh-ms 500)",
                seenAfter);
        // once a replica has seen the suspension, it sends nothing more (before, it had no way to know)
        long sent = replicas.sandbox().patches().all().stream()
                .filter(p -> interview.applicationId().equals(p.applicationId())).count();
        for (String node : NODES) {
            assertThat(send(node, "PATCH", path, body, headers).statusCode()).isEqualTo(503);
        }
        assertThat(replicas.sandbox().patches().all().stream()
                .filter(p -> interview.applicationId().equals(p.applicationId())).count())
                .as("nothing sent while suspended").isEqualTo(sent);
        assertThat(seenAfter.values()).as("suspended everywhere within a second")
                .allSatisfy(millis -> assertThat(millis).isLessThan(1000));

        // a resume on one replica resumes it everywhere
        assertThat(send("replica-2", "POST", "/integrations/" + BundleReplicas.id("bravo") + "/resume", null, Map.of())
                .body()).isEqualTo("{\"resumed\":true}");
        await().atMost(Duration.ofSeconds(10)).until(() -> send("replica-0", "PATCH", path, body, headers)
                .statusCode() == 200);
    }

    @Test
    @Order(4)
    void the_leader_of_two_integrations_killed_mid_run_three_times_loses_nothing() throws Exception {
        replicas.sandbox().faults().latencyMs(400);
        List<Long> handOvers = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            await().atMost(Duration.ofSeconds(60)).until(() -> elections.leader("alpha") != null);
            String leader = elections.leader("alpha");
            List<String> led = INTEGRATIONS.stream().filter(name -> leader.equals(elections.leader(name))).toList();
            assertThat(led).as("round " + round + ": " + leader + " leads alpha and more").hasSizeGreaterThanOrEqualTo(2);
            String watermark = row("SELECT watermark FROM kombo_sync_state WHERE integration = 'alpha'").get(0);
            Map<String, Set<String>> filesBefore = new LinkedHashMap<>();
            for (String node : NODES) {
                filesBefore.put(node, replicas.deliveredFiles(node, "alpha").keySet());
            }
            // a new run of alpha on its leader, every record changed, killed once two pages are delivered
            Set<String> changed = new HashSet<>(replicas.sandbox().store().touch(BundleReplicas.id("alpha"), RECORDS));
            CompletableFuture.runAsync(() -> {
                try {
                    send(leader, "POST", "/sync/alpha", null, Map.of());
                } catch (Exception killedWhileAnswering) {
                    // expected: the replica dies before it answers
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpointPages("alpha") >= 2);
            Instant killed = Instant.now();
            replicas.replica(leader).kill();

            // another replica takes alpha over and finishes the same run from the checkpoint in PostgreSQL
            await().atMost(Duration.ofSeconds(90)).until(() -> !watermark.equals(
                    row("SELECT watermark FROM kombo_sync_state WHERE integration = 'alpha'").get(0)));
            handOvers.add(Duration.between(killed, replicas.firstGetAfter("alpha", killed).orElseThrow()).toMillis());
            List<String> deliveredThisRound = new ArrayList<>();
            for (String node : NODES) {
                replicas.deliveredFiles(node, "alpha").forEach((file, ids) -> {
                    if (!filesBefore.get(node).contains(file)) {
                        deliveredThisRound.addAll(ids);
                    }
                });
            }
            assertThat(new HashSet<>(deliveredThisRound)).as("round " + round + ": nothing lost").containsAll(changed);
            assertThat(deliveredThisRound.size() - new HashSet<>(deliveredThisRound).size())
                    .as("round " + round + ": delivered twice at most the page in flight").isLessThanOrEqualTo(PAGE);
            assertThat(elections.leader("alpha")).isNotEqualTo(leader);
            // the killed replica comes back, as a restarted pod would, and queues as a standby
            replicas.start(leader, settings(), Map.of());
            replicas.replica(leader).await(line -> line.contains("Apache Camel") && line.contains("started in"),
                    Duration.ofSeconds(90));
        }
        LOG.info("FIGURES hand-over after killing alpha's leader mid-run (ZooKeeper session timeout 3 s): {} ms",
                handOvers);
    }
}
