package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * kombo.cluster.type=kubernetes against an HTTP server that speaks the Kubernetes API (fabric8's mock server in
 * CRUD mode: it stores and serves what is written, with resource versions, on loopback) and two bundle JVMs
 * that find it the way fabric8's client finds any API server (KUBERNETES_MASTER), as in a pod the service
 * account does. The test plays the kubelet's part: it publishes the replicas' pods as Running and Ready, and
 * removes the pod of the replica it stopped. The Leases are read back from the API server.
 */
class KubernetesLeaseLeadershipTest {

    private static final List<String> INTEGRATIONS = List.of("alpha", "bravo", "charlie", "delta");
    private static final String NAMESPACE = "kombo-test";
    private static final int RECORDS = 300;
    private static final long STANDBY_DELAY_MS = 12000;
    private static final long LEASE_DURATION_MS = 3000;
    private static final long RENEW_DEADLINE_MS = 2000;
    private static final long RETRY_PERIOD_MS = 500;

    private KubernetesMockServer apiServer;
    private KubernetesClient kubernetes;
    private BundleReplicas replicas;

    @BeforeEach
    void apiServer() throws Exception {
        apiServer = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init(InetAddress.getLoopbackAddress(), 0);
        kubernetes = apiServer.createClient();
        replicas = new BundleReplicas("kubernetes", INTEGRATIONS, RECORDS);
    }

    @AfterEach
    void stopAll() throws Exception {
        replicas.close();
        kubernetes.close();
        apiServer.destroy();
    }

    @Test
    void leases_are_taken_by_the_preferred_replicas_renewed_and_taken_over_when_a_replica_stops() throws Exception {
        for (String node : List.of("replica-0", "replica-1")) {
            publishPod(node);
            replicas.start(node, cluster(), apiServerEnvironment());
        }
        replicas.awaitStarted(Duration.ofSeconds(60));
        Instant started = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> INTEGRATIONS.stream()
                .allMatch(name -> replicas.synced(name) && lease(name) != null));
        // once the standby delay is over both replicas compete for every Lease: the holders must not change
        await().atMost(Duration.ofSeconds(30)).until(() -> Duration.between(started, Instant.now()).toMillis()
                > STANDBY_DELAY_MS + 4 * RETRY_PERIOD_MS);

        Map<String, String> preferred = Map.of("alpha", "replica-0", "bravo", "replica-1", "charlie", "replica-0",
                "delta", "replica-1");
        for (String name : INTEGRATIONS) {
            Lease lease = lease(name);
            assertThat(lease.getMetadata().getName()).isEqualTo("kombo-interview-routes-kombo-sync-" + name);
            assertThat(lease.getSpec().getHolderIdentity()).as(name + "'s holder").isEqualTo(preferred.get(name));
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo((int) (LEASE_DURATION_MS / 1000));
            assertThat(new HashSet<>(replicas.delivered(preferred.get(name), name))).as(name + ": all by its holder")
                    .hasSize(RECORDS);
            String other = preferred.get(name).equals("replica-0") ? "replica-1" : "replica-0";
            assertThat(replicas.delivered(other, name)).as(name + " never synced by " + other).isEmpty();
        }
        assertThat(kubernetes.leases().inAnyNamespace().list().getItems()).as("Leases only in the configured namespace")
                .allMatch(lease -> NAMESPACE.equals(lease.getMetadata().getNamespace())).hasSize(INTEGRATIONS.size());

        // the holder renews: renewTime moves on, the holder stays
        ZonedDateTime renewed = lease("alpha").getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> lease("alpha").getSpec().getRenewTime().isAfter(renewed));
        assertThat(lease("alpha").getSpec().getHolderIdentity()).isEqualTo("replica-0");

        // replica-0 goes away as in a rollout: SIGTERM, and once it has exited its pod no longer counts (Running
        // and Ready) for camel-kubernetes. Until then its Leases stay held, so nobody syncs what changes meanwhile.
        replicas.replica("replica-0").close();
        List<String> touched = replicas.sandbox().store().touch(BundleReplicas.id("alpha"), 20);
        Instant stopped = Instant.now();
        kubernetes.pods().inNamespace(NAMESPACE).withName("replica-0").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.firstGetAfter("alpha", stopped).isPresent()
                && replicas.firstGetAfter("charlie", stopped).isPresent());
        long handOver = Duration.between(stopped, replicas.firstGetAfter("alpha", stopped).orElseThrow()).toMillis();
        for (String name : List.of("alpha", "charlie")) {
            Lease lease = lease(name);
            assertThat(lease.getSpec().getHolderIdentity()).as(name + " taken over").isEqualTo("replica-1");
            assertThat(lease.getSpec().getLeaseTransitions()).as(name + "'s transitions").isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas.delivered("replica-1", "alpha").containsAll(touched));
        assertThat(lease("bravo").getSpec().getHolderIdentity()).isEqualTo("replica-1");
        System.out.println("FIGURES kubernetes lease hand-over: first GET by the new holder " + handOver
                + " ms after the stopped leader's pod was gone (lease duration " + LEASE_DURATION_MS
                + " ms, retry period " + RETRY_PERIOD_MS + " ms)");
        assertThat(handOver).as("a new holder starts only a lease duration after taking the Lease")
                .isGreaterThanOrEqualTo(LEASE_DURATION_MS);
    }

    private Map<String, String> cluster() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kombo.cluster.type", "kubernetes");
        props.put("kombo.cluster.replicas", "2");
        props.put("kombo.cluster.standby-delay-ms", String.valueOf(STANDBY_DELAY_MS));
        props.put("kombo.cluster.kubernetes.namespace", NAMESPACE);
        props.put("kombo.cluster.kubernetes.lease-duration-ms", String.valueOf(LEASE_DURATION_MS));
        props.put("kombo.cluster.kubernetes.renew-deadline-ms", String.valueOf(RENEW_DEADLINE_MS));
        props.put("kombo.cluster.kubernetes.retry-period-ms", String.valueOf(RETRY_PERIOD_MS));
        return props;
    }

    /** fabric8's standard configuration from the environment: this server, and no kubeconfig or token files. */
    private Map<String, String> apiServerEnvironment() {
        return Map.of("KUBERNETES_MASTER", "http://127.0.0.1:" + apiServer.getPort(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    }

    /** What the kubelet reports for a started replica: camel-kubernetes counts only Running, Ready pods. */
    private void publishPod(String node) {
        Pod pod = new PodBuilder().withNewMetadata().withName(node).withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/name", "kombo-interview-routes").endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
        kubernetes.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    private Lease lease(String integration) {
        return kubernetes.leases().inNamespace(NAMESPACE)
                .withName("kombo-interview-routes-" + SyncLeadership.namespace(integration)).get();
    }
}
