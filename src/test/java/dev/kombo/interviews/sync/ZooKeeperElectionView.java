package dev.kombo.interviews.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/** The integrations' elections as ZooKeeper itself holds them, read by a test's own client. */
final class ZooKeeperElectionView {

    private final CuratorFramework client;
    private final String basePath;

    ZooKeeperElectionView(CuratorFramework client, String basePath) {
        this.client = client;
        this.basePath = basePath;
    }

    /** The election's candidates, the leader first (lowest sequence number). */
    List<String> participants(String integration) {
        String path = basePath + "/" + SyncLeadership.namespace(integration);
        List<String> children;
        try {
            children = new ArrayList<>(client.getChildren().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new IllegalStateException("reading " + path + " from ZooKeeper", e);
        }
        children.sort(Comparator.comparing(child -> child.substring(child.lastIndexOf('-') + 1)));
        List<String> ids = new ArrayList<>();
        for (String child : children) {
            try {
                ids.add(new String(client.getData().forPath(path + "/" + child), StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException e) {
                // left the election while it was read
            } catch (Exception e) {
                throw new IllegalStateException("reading " + path + " from ZooKeeper", e);
            }
        }
        return ids;
    }

    /** The replica that leads the integration's election, or null while none does. */
    String leader(String integration) {
        List<String> ids = participants(integration);
        return ids.isEmpty() ? null : node(ids.get(0));
    }

    /** The replica behind a candidate (its preferred or standby service). */
    static String node(String participant) {
        return participant.replaceFirst("^kombo-cluster-(standby-)?", "");
    }
}
