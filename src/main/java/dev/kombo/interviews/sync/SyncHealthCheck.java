package dev.kombo.interviews.sync;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import dev.kombo.interviews.kombo.IntegrationSuspensions;

/**
 * Readiness per integration: DOWN while an integration is suspended or its last sync failed, with the Kombo
 * code and reason in the details ({@code /observe/health} on the management port). With leadership
 * (kombo.cluster.type) it reports the same details but stays UP: Kubernetes takes the Lease from a replica
 * that is not ready, so a broken integration would otherwise knock out every replica in turn, with their
 * inbound HTTP.
 */
public final class SyncHealthCheck extends AbstractHealthCheck {

    private final Integrations integrations;
    private final SyncStatus status;
    private final IntegrationSuspensions suspensions;
    private final boolean gatesReadiness;

    public SyncHealthCheck(Integrations integrations, SyncStatus status, IntegrationSuspensions suspensions,
            boolean gatesReadiness) {
        super("kombo", "kombo-sync");
        this.gatesReadiness = gatesReadiness;
        this.integrations = integrations;
        this.status = status;
        this.suspensions = suspensions;
    }

    @Override
    public boolean isLiveness() {
        // a broken integration needs a person, not a restart
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean up = true;
        for (Integration integration : integrations.all()) {
            String prefix = integration.name() + ".";
            var suspension = suspensions.suspension(integration.id());
            if (suspension.isPresent()) {
                up = false;
                builder.detail(prefix + "state", "SUSPENDED");
                builder.detail(prefix + "kombo_code", String.valueOf(suspension.get().error().code()));
                builder.detail(prefix + "reason", suspension.get().error().describe());
                continue;
            }
            var last = status.last(integration.name());
            builder.detail(prefix + "state", last.map(o -> o.status().name()).orElse("NOT_RUN_YET"));
            if (last.isPresent() && (last.get().status() == SyncOutcome.Status.FAILED
                    || last.get().status() == SyncOutcome.Status.SUSPENDED)) {
                up = false;
                builder.detail(prefix + "kombo_code", String.valueOf(last.get().komboCode()));
                builder.detail(prefix + "reason", String.valueOf(last.get().reason()));
            }
            last.map(SyncOutcome::watermark).ifPresent(w -> builder.detail(prefix + "watermark", w));
        }
        if (up || !gatesReadiness) {
            builder.detail("degraded", String.valueOf(!up));
            builder.up();
        } else {
            builder.down();
        }
    }
}
