package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.ChildProcess;

/**
 * kombo.cluster.type=zookeeper against a real three-server ZooKeeper ensemble (curator-test, in this JVM) and
 * bundle replicas as separate JVMs: every integration's election is read back from ZooKeeper itself, and what
 * each replica synced from its own sink folder.
 */
class ZooKeeperLeadershipTest {

    private static final List<String> INTEGRATIONS = List.of("alpha", "bravo", "charlie", "delta");
    private static final String BASE_PATH = "/kombo-interview-routes";
    private static final int RECORDS = 300;
    private static final long SESSION_TIMEOUT_MS = 3000;
    // above the start-up skew of replicas started together on a loaded machine: the preferred one queues first
    private static final long STANDBY_DELAY_MS = 12000;

    private TestingCluster zooKeeper;
    private CuratorFramework observer;
    private ZooKeeperElectionView elections;
    private BundleReplicas replicas;

    @BeforeEach
    void ensemble() throws Exception {
        List<InstanceSpec> servers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // tick 500 ms: the servers accept session timeouts from 0.5 s to 10 s
            servers.add(new InstanceSpec(null, -1, -1, -1, true, i, 500, -1));
        }
        zooKeeper = new TestingCluster(servers);
        zooKeeper.start();
        observer = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), 10_000, 5_000,
                new RetryOneTime(200));
        observer.start();
        observer.blockUntilConnected();
        elections = new ZooKeeperElectionView(observer, BASE_PATH);
        replicas = new BundleReplicas("zookeeper", INTEGRATIONS, RECORDS);
    }

    @AfterEach
    void stopAll() throws Exception {
        replicas.close();
        observer.close();
        zooKeeper.close();
    }

    @Test
    void each_integration_is_led_by_its_preferred_replica_and_a_killed_or_stopped_leaders_share_is_taken_over()
            throws Exception {
        for (String node : List.of("replica-0", "replica-1", "replica-2")) {
            replicas.start(node, cluster(3), Map.of());
        }
        replicas.awaitStarted(Duration.ofSeconds(60));
        // integration i is replica (i mod 3)'s; the other two queue behind it once their standby delay is over
        await().atMost(Duration.ofSeconds(30)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> replicas.synced(name) && participants(name).size() == 3));
        Map<String, String> preferred = Map.of("alpha", "replica-0", "bravo", "replica-1", "charlie", "replica-2",
                "delta", "replica-0");
        for (String name : INTEGRATIONS) {
            assertThat(participants(name).get(0)).as(name + "'s leader in ZooKeeper")
                    .isEqualTo("kombo-cluster-" + preferred.get(name));
            assertThat(new HashSet<>(replicas.delivered(preferred.get(name), name))).as(name + ": all by its leader")
                    .hasSize(RECORDS);
            for (String other : List.of("replica-0", "replica-1", "replica-2")) {
                if (!other.equals(preferred.get(name))) {
                    assertThat(replicas.delivered(other, name)).as(name + " never synced by " + other).isEmpty();
                }
            }
        }

        Instant killed = Instant.now();
        replicas.replica("replica-0").kill();
        // changes while the dead leader's session still holds alpha: whoever takes it over delivers them
        List<String> touched = replicas.sandbox().store().touch(BundleReplicas.id("alpha"), 20);
        // the dead replica's session ends only when ZooKeeper expires it (the session timeout)
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.firstGetAfter("alpha", killed).isPresent()
                && replicas.firstGetAfter("delta", killed).isPresent());
        long crashHandOver = Duration.between(killed, replicas.firstGetAfter("alpha", killed).orElseThrow()).toMillis();
        String alphaLeader = leaderNode("alpha");
        assertThat(alphaLeader).isIn("replica-1", "replica-2");
        assertThat(leaderNode("delta")).isIn("replica-1", "replica-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas.delivered(alphaLeader, "alpha").containsAll(touched));
        assertThat(participants("alpha")).as("the killed replica's candidacies are gone with its session")
                .noneMatch(id -> id.endsWith("replica-0")).hasSize(2);

        // a replica that stops cleanly closes its session: its share moves without waiting for the timeout
        Instant stopped = Instant.now();
        replicas.replica("replica-1").close();
        Instant down = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.firstGetAfter("bravo", stopped).isPresent());
        // from SIGTERM: the stopping replica leaves its elections when its context stops, before the JVM exits
        long stopHandOver = Duration.between(stopped, replicas.firstGetAfter("bravo", stopped).orElseThrow()).toMillis();
        assertThat(leaderNode("bravo")).isEqualTo("replica-2");
        for (String name : INTEGRATIONS) {
            assertThat(leaderNode(name)).as(name + ": the last replica leads everything").isEqualTo("replica-2");
        }
        System.out.println("FIGURES zookeeper hand-over: first GET by the new leader " + crashHandOver
                + " ms after the leader was killed (session timeout " + SESSION_TIMEOUT_MS + " ms), "
                + stopHandOver + " ms after a leader was stopped (SIGTERM; its JVM took "
                + Duration.between(stopped, down).toMillis() + " ms to exit)");
        assertThat(crashHandOver).as("a crash is noticed by ZooKeeper's session expiry, not sooner")
                .isGreaterThanOrEqualTo(SESSION_TIMEOUT_MS / 2);
    }

    @Test
    void after_zookeeper_loses_its_quorum_and_recovers_every_integration_has_a_leader_again() throws Exception {
        replicas.start("replica-0", cluster(2), Map.of());
        replicas.start("replica-1", cluster(2), Map.of());
        replicas.awaitStarted(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> replicas.synced(name) && participants(name).size() == 2));

        // two of three servers down: no quorum, every replica's connection is suspended; a leader must stop its
        // integrations' consumers (camel-master), not go on syncing while another replica may take over
        Map<String, String> leaders = new LinkedHashMap<>();
        INTEGRATIONS.forEach(name -> leaders.put(name, leaderNode(name)));
        Map<String, Integer> seen = Map.of("replica-0", replicas.replica("replica-0").lines().size(),
                "replica-1", replicas.replica("replica-1").lines().size());
        List<InstanceSpec> lost = new ArrayList<>(zooKeeper.getInstances()).subList(0, 2);
        for (InstanceSpec server : lost) {
            zooKeeper.killServer(server);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> leaders.entrySet().stream().allMatch(led -> logged(
                led.getValue(), seen.get(led.getValue()), "Consumer stopped: quartz://kombo-sync/" + led.getKey())));
        Instant restored = Instant.now();
        for (InstanceSpec server : lost) {
            zooKeeper.restartServer(server);
        }
        // each integration led again, by one replica, and synced by it
        await().atMost(Duration.ofSeconds(40)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> replicas.firstGetAfter(name, restored).isPresent()));
        long releadMs = INTEGRATIONS.stream().mapToLong(name -> Duration.between(restored,
                replicas.firstGetAfter(name, restored).orElseThrow()).toMillis()).max().orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> participants(name).size() == 2));
        System.out.println("FIGURES zookeeper quorum regained: every integration synced again within " + releadMs
                + " ms of the servers' restart");
    }

    private Map<String, String> cluster(int count) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.cluster.type", "zookeeper");
        props.put("kombo.cluster.replicas", String.valueOf(count));
        props.put("kombo.cluster.standby-delay-ms", String.valueOf(STANDBY_DELAY_MS));
        props.put("kombo.cluster.zookeeper.nodes", zooKeeper.getConnectString());
        props.put("kombo.cluster.zookeeper.session-timeout-ms", String.valueOf(SESSION_TIMEOUT_MS));
        props.put("kombo.cluster.zookeeper.connection-timeout-ms", "1500");
        return props;
    }

    private List<String> participants(String integration) {
        return elections.participants(integration);
    }

    private String leaderNode(String integration) {
        List<String> ids = participants(integration);
        assertThat(ids).as(integration + " has a leader").isNotEmpty();
        return ZooKeeperElectionView.node(ids.get(0));
    }

    /** Whether the replica wrote a line containing {@code text} after its first {@code skip} lines. */
    private boolean logged(String node, int skip, String text) {
        List<ChildProcess.Line> lines = replicas.replica(node).lines();
        return lines.subList(Math.min(skip, lines.size()), lines.size()).stream()
                .anyMatch(line -> line.text().contains(text));
    }
}
