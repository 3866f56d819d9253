package dev.kombo.interviews.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.master.MasterComponent;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorHelper;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryNTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica syncs which integration ({@code kombo.cluster.*}). Leadership is camel-master on a Camel
 * cluster service that already exists: a file lock per integration in a folder all replicas share, or a
 * Kubernetes Lease per integration. An integration's schedule consumes from
 * {@code master:kombo-sync-<name>:quartz:...}, so only its leader syncs it; watermarks and checkpoints live
 * in the shared state folder, so a new leader continues where the old one stopped.
 * <p>
 * Spreading: integration number i (in {@code kombo.integrations} order) is preferred by replica
 * {@code i mod replicas}. For the others a replica uses a second cluster service that only starts
 * {@code kombo.cluster.standby-delay-ms} after the replica is up: replicas started within that delay share the
 * integrations out, and a dead leader's integrations are still taken over by the others.
 */
public final class SyncLeadership {

    /** How leadership is decided. */
    public enum Type {
        NONE, FILE, KUBERNETES, ZOOKEEPER
    }

    static final String PREFERRED = "master";
    static final String STANDBY = "master-standby";
    private static final Logger LOG = LoggerFactory.getLogger(SyncLeadership.class);
    private static final Pattern TRAILING_NUMBER = Pattern.compile("-(\\d+)$");
    /** host[:port] or [IPv6][:port], as ZooKeeper's connect string takes them */
    private static final Pattern ZOOKEEPER_NODE =
            Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9a-fA-F:.]+\\](:\\d{1,5})?");
    private static final Pattern ZOOKEEPER_PATH = Pattern.compile("(/[A-Za-z0-9._\\-]+)+");

    private final Type type;
    private final String nodeId;
    private final int replicaIndex;
    private final int replicas;
    private final Function<String, Optional<String>> properties;
    private final Integrations integrations;
    private CamelClusterService preferred;
    private CamelClusterService standby;
    /** type zookeeper: one ZooKeeper session per replica, shared by both cluster services. */
    private CuratorFramework zooKeeper;
    private ZooKeeperElections elections;

    private SyncLeadership(Type type, String nodeId, int replicaIndex, int replicas,
            Function<String, Optional<String>> properties, Integrations integrations) {
        this.integrations = integrations;
        this.type = type;
        this.nodeId = nodeId;
        this.replicaIndex = replicaIndex;
        this.replicas = replicas;
        this.properties = properties;
    }

    public static SyncLeadership load(Function<String, Optional<String>> p, Integrations integrations) {
        String typeName = p.apply("kombo.cluster.type").orElse("none").trim();
        Type type = Arrays.stream(Type.values()).filter(t -> t.name().equalsIgnoreCase(typeName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kombo.cluster.type is '" + typeName
                        + "': it must be none, file, kubernetes or zookeeper"));
        String nodeId = p.apply("kombo.cluster.node-id").map(String::trim).orElseGet(SyncLeadership::hostName);
        int replicas = Integer.parseInt(p.apply("kombo.cluster.replicas").orElse("1").trim());
        int index = p.apply("kombo.cluster.replica-index").map(v -> Integer.parseInt(v.trim())).orElseGet(() -> {
            Matcher m = TRAILING_NUMBER.matcher(nodeId);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        });
        if (replicas < 1 || index < 0) {
            throw new IllegalArgumentException("kombo.cluster.replicas must be >= 1 and kombo.cluster.replica-index >= 0");
        }
        return new SyncLeadership(type, nodeId, index % replicas, replicas, p, integrations);
    }

    /** This replica's name (kombo.cluster.node-id, else the host name). */
    public String nodeId() {
        return nodeId;
    }

    public boolean clustered() {
        return type != Type.NONE;
    }

    /** Registers the cluster services and the master components ({@value #PREFERRED}, {@value #STANDBY}). */
    public void install(CamelContext context) throws Exception {
        if (!clustered()) {
            return;
        }
        long standbyDelay = Long.parseLong(required("kombo.cluster.standby-delay-ms"));
        if (type == Type.ZOOKEEPER) {
            zooKeeper = zooKeeperSession();
        }
        preferred = clusterService("kombo-cluster");
        standby = clusterService("kombo-cluster-standby");
        // added to the context only later, but its views are made when the routes start: the Kubernetes service
        // builds its lock settings in init, the ZooKeeper one needs the context
        standby.setCamelContext(context);
        ServiceHelper.initService(standby);
        if (type == Type.ZOOKEEPER) {
            // added first: started before and stopped after the cluster services that use its session
            long recheck = Math.max(1000, positive("kombo.cluster.zookeeper.session-timeout-ms") / 3);
            elections = new ZooKeeperElections(context, zooKeeper, recheck, List.of(preferred, standby));
            context.addService(elections, true, false);
        }
        context.addService(preferred, true, false);
        // the standby service (and with it every view of the other replicas' integrations) starts competing
        // only standby-delay-ms after this replica is up: counted from the end of its start, when its own
        // candidacies are placed (route start-up alone can take seconds on a busy machine)
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
                // the standby delay starts once every route is up (below)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kombo-cluster-standby")
                        .schedule(() -> {
                            camel.addService(standby, true, true);
                            return null;
                        }, standbyDelay, TimeUnit.MILLISECONDS);
            }
        });
        MasterComponent master = new MasterComponent();
        master.setService(preferred);
        context.addComponent(PREFERRED, master);
        MasterComponent masterStandby = new MasterComponent();
        masterStandby.setService(standby);
        context.addComponent(STANDBY, masterStandby);
        LOG.info("leadership per integration: {} cluster, node '{}', replica {} of {} (others' integrations after {} ms)",
                type.name().toLowerCase(Locale.ROOT), nodeId, replicaIndex, replicas, standbyDelay);
    }

    private CamelClusterService clusterService(String id) {
        if (type == Type.ZOOKEEPER) {
            ZooKeeperCuratorConfiguration election = new ZooKeeperCuratorConfiguration();
            election.setCuratorFramework(zooKeeper);
            // an election per integration under <base-path>/kombo-sync-<integration>
            election.setBasePath(zooKeeperBasePath());
            ZooKeeperClusterService service = new ZooKeeperClusterService(election);
            service.setId(id + "-" + nodeId);
            return service;
        }
        if (type == Type.FILE) {
            FileLockClusterService files = new FileLockClusterService();
            files.setId(id + "-" + nodeId);
            files.setRoot(required("kombo.cluster.file.root"));
            files.setAcquireLockInterval(Long.parseLong(required("kombo.cluster.file.lock-interval-ms")),
                    TimeUnit.MILLISECONDS);
            return files;
        }
        KubernetesClusterService kubernetes = new KubernetesClusterService();
        kubernetes.setId(id);
        kubernetes.setPodName(nodeId);
        kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
        // Leases named kombo-interview-routes-kombo-sync-<integration>; members are the bundle's pods only
        kubernetes.setKubernetesResourceName("kombo-interview-routes");
        kubernetes.setClusterLabels(Map.of("app.kubernetes.io/name", "kombo-interview-routes"));
        // where the Leases and the member pods are; unset, the client's own (in a pod: the service account's)
        properties.apply("kombo.cluster.kubernetes.namespace").map(String::trim).filter(ns -> !ns.isEmpty())
                .ifPresent(kubernetes::setKubernetesResourcesNamespace);
        kubernetes.setLeaseDurationMillis(Long.parseLong(required("kombo.cluster.kubernetes.lease-duration-ms")));
        kubernetes.setRenewDeadlineMillis(Long.parseLong(required("kombo.cluster.kubernetes.renew-deadline-ms")));
        kubernetes.setRetryPeriodMillis(Long.parseLong(required("kombo.cluster.kubernetes.retry-period-ms")));
        return kubernetes;
    }

    private CuratorFramework zooKeeperSession() {
        String nodes = required("kombo.cluster.zookeeper.nodes").trim();
        for (String node : nodes.split(",", -1)) {
            if (!ZOOKEEPER_NODE.matcher(node.trim()).matches()) {
                throw new IllegalArgumentException("kombo.cluster.zookeeper.nodes is '" + nodes
                        + "': it must be host:port[,host:port...]");
            }
        }
        zooKeeperBasePath();
        long session = positive("kombo.cluster.zookeeper.session-timeout-ms");
        long connection = positive("kombo.cluster.zookeeper.connection-timeout-ms");
        if (connection >= session) {
            throw new IllegalArgumentException("kombo.cluster.zookeeper.connection-timeout-ms (" + connection
                    + ") must be below session-timeout-ms (" + session + ")");
        }
        ZooKeeperCuratorConfiguration settings = new ZooKeeperCuratorConfiguration();
        settings.setNodes(nodes.replace(" ", ""));
        settings.setSessionTimeout(session);
        settings.setConnectionTimeout(connection);
        // no retries: an operation that fails while disconnected fails within the connection timeout, so a lost
        // leadership ends (and its consumers stop) before the session expires and another replica can take it
        settings.setRetryPolicy(new RetryNTimes(0, 0));
        return ZooKeeperCuratorHelper.createCurator(settings); // not connected until started with the context
    }

    private String zooKeeperBasePath() {
        String path = required("kombo.cluster.zookeeper.base-path").trim();
        if (!ZOOKEEPER_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("kombo.cluster.zookeeper.base-path is '" + path
                    + "': it must be an absolute ZooKeeper path such as /kombo-interview-routes");
        }
        return path;
    }

    /** The endpoint that starts this integration's syncs: wrapped in its leadership when clustered. */
    public String trigger(Integration integration, String endpoint) {
        if (!clustered()) {
            return endpoint;
        }
        return (prefers(integration) ? PREFERRED : STANDBY) + ":" + namespace(integration.name()) + ":"
                + endpoint;
    }

    private boolean prefers(Integration integration) {
        return integrations.names().indexOf(integration.name()) % replicas == replicaIndex;
    }

    /** The integrations the start-up sync covers: all, unless each leader syncs its own on taking over. */
    public List<String> syncedAtStartup() {
        return clustered() ? List.of() : integrations.names();
    }

    /** Whether this replica syncs the integration now (always, when not clustered). */
    public boolean leads(String integration) {
        if (!clustered()) {
            return true;
        }
        String namespace = namespace(integration);
        if (elections != null && !elections.connected()) {
            return false; // Curator may not have ended the leadership yet, but another replica may take it
        }
        return preferred.isLeader(namespace) || standby.isLeader(namespace);
    }

    /** Lock and Lease names: lower case letters, digits and dashes. */
    static String namespace(String integration) {
        return "kombo-sync-" + integration.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private long positive(String key) {
        long value = Long.parseLong(required(key).trim());
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0");
        }
        return value;
    }

    private String required(String key) {
        return properties.apply(key).orElseThrow(() -> new IllegalArgumentException("property " + key + " is not set"));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "kombo-" + ProcessHandle.current().pid();
        }
    }
}
