package dev.kombo.interviews.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.StatefulService;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's ZooKeeper session ({@code kombo.cluster.type=zookeeper}), shared by its two camel-zookeeper cluster
 * services, and what camel-zookeeper leaves out when that session is interrupted. Curator ends a leadership when
 * the connection is suspended, but camel-zookeeper then tells camel-master nothing (its consumers would go on
 * syncing) and never enters that election again (no auto-requeue): after a ZooKeeper outage no replica would lead.
 * So a quick local check stops the election view of every leadership that ended (camel-master then stops its
 * consumers), and while connected a slower check re-enters each election this replica is neither leading nor
 * queued in.
 * <p>
 * Added to the context before the cluster services: started before them and stopped after them.
 */
final class ZooKeeperElections extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperElections.class);
    /** How often leaderships are compared with the last look: a lost one is acted on within this. */
    private static final long TICK_MS = 250;

    private final CamelContext context;
    private final CuratorFramework curator;
    private final long recheckMillis;
    private final List<CamelClusterService> services;
    private final Set<String> led = new HashSet<>();
    private long lastRecheck;
    private ScheduledExecutorService ticks;

    /**
     * @param recheckMillis how often, while connected, ZooKeeper is asked whether this replica still takes part in
     *                      each election
     */
    ZooKeeperElections(CamelContext context, CuratorFramework curator, long recheckMillis,
            List<CamelClusterService> services) {
        this.context = context;
        this.curator = curator;
        this.recheckMillis = recheckMillis;
        this.services = services;
    }

    /** Whether the session is connected now: without it no leadership of this replica is safe. */
    boolean connected() {
        return curator.getZookeeperClient().isConnected();
    }

    @Override
    protected void doStart() {
        curator.start();
        // the first look after a few rechecks' time: the candidacies made at start-up are queued by then
        lastRecheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * recheckMillis);
        ticks = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kombo-zookeeper-elections");
        ticks.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (ticks != null) {
            context.getExecutorServiceManager().shutdownNow(ticks);
        }
        curator.close(); // ends the session: the other replicas take this one's integrations at once
    }

    private void tick() {
        boolean recheck = connected() && System.nanoTime() - lastRecheck >= TimeUnit.MILLISECONDS.toNanos(recheckMillis);
        if (recheck) {
            lastRecheck = System.nanoTime();
        }
        for (CamelClusterService service : running()) {
            for (String namespace : service.getNamespaces()) {
                String key = service.getId() + "/" + namespace;
                if (service.isLeader(namespace)) {
                    led.add(key);
                    continue;
                }
                if (led.remove(key)) {
                    LOG.warn("leadership: {} lost {} (ZooKeeper connection {}): stopping its consumers", service.getId(),
                            namespace, curator.getZookeeperClient().isConnected() ? "interrupted" : "down");
                    // the view's leadership event makes camel-master stop the integration's consumers
                    act(service, namespace, "stop following", () -> service.stopView(namespace));
                }
                if (recheck) {
                    act(service, namespace, "re-enter", () -> rejoinIfLeft(service, namespace));
                }
            }
        }
    }

    private void rejoinIfLeft(CamelClusterService service, String namespace) throws Exception {
        CamelClusterView view = service.getView(namespace);
        boolean candidate;
        try {
            candidate = view.getLocalMember().isLeader()
                    || view.getMembers().stream().anyMatch(CamelClusterMember::isLocal);
        } finally {
            service.releaseView(view);
        }
        if (!candidate) {
            LOG.info("leadership: {} enters the ZooKeeper election of {} again", service.getId(), namespace);
            service.stopView(namespace);
            service.startView(namespace); // queues the candidacy again
        }
    }

    /** The services started so far (the standby one starts only after the standby delay). */
    private List<CamelClusterService> running() {
        return services.stream()
                .filter(service -> service instanceof StatefulService stateful && stateful.isRunAllowed()).toList();
    }

    private interface ViewAction {
        void run() throws Exception;
    }

    private static void act(CamelClusterService service, String namespace, String what, ViewAction action) {
        try {
            action.run();
        } catch (Exception e) {
            LOG.warn("leadership: {} could not {} the ZooKeeper election of {}: {}", service.getId(), what, namespace,
                    e.getMessage());
        }
    }
}
