package dev.kombo.interviews.sync;

import java.util.List;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run-once mode for batch schedulers: after the start-up sync of every integration, exit with 0 when all
 * completed and 1 otherwise, naming each failed integration and why.
 */
public final class RunOnce {

    private static final Logger LOG = LoggerFactory.getLogger(RunOnce.class);

    private final boolean enabled;
    private final Integrations integrations;
    private final SyncStatus status;
    private final IntConsumer exit;

    public RunOnce(boolean enabled, Integrations integrations, SyncStatus status, IntConsumer exit) {
        this.enabled = enabled;
        this.integrations = integrations;
        this.status = status;
        this.exit = exit;
    }

    /** Called by the start-up route once every integration's first run has ended. */
    public void startupSyncDone() {
        if (!enabled) {
            return;
        }
        List<String> failures = integrations.names().stream()
                .filter(name -> status.last(name).map(o -> !o.ok()).orElse(true))
                .map(name -> name + ": " + status.last(name).map(o -> o.status() + " - " + o.reason())
                        .orElse("did not run"))
                .toList();
        if (failures.isEmpty()) {
            LOG.info("run-once: all {} integration(s) synced, exiting with 0", integrations.names().size());
            exit.accept(0);
        } else {
            LOG.error("run-once: {} of {} integration(s) failed, exiting with 1:\n  {}", failures.size(),
                    integrations.names().size(), String.join("\n  ", failures));
            exit.accept(1);
        }
    }
}
