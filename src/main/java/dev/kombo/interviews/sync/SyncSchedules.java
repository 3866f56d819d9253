package dev.kombo.interviews.sync;

import org.apache.camel.builder.RouteBuilder;

/**
 * One schedule route per integration, made from the {@code kombo-sync-schedule} route template in
 * {@code routes/sync-schedule.camel.yaml}: adding an integration to the properties adds its schedule.
 * In run-once mode there are no schedules: the start-up sync is the only run. With leadership
 * ({@code kombo.cluster.type}) both the schedule and a one-off sync on becoming leader
 * ({@code kombo-sync-on-leadership}) run only on the integration's leader.
 */
public final class SyncSchedules extends RouteBuilder {

    private final Integrations integrations;
    private final boolean runOnce;
    private final SyncLeadership leadership;

    public SyncSchedules(Integrations integrations, boolean runOnce, SyncLeadership leadership) {
        this.integrations = integrations;
        this.runOnce = runOnce;
        this.leadership = leadership;
    }

    @Override
    public void configure() {
        if (runOnce) {
            return;
        }
        for (Integration integration : integrations.all()) {
            templatedRoute("kombo-sync-schedule")
                    .routeId("kombo-sync-schedule-" + integration.name())
                    .parameter("integration", integration.name())
                    .parameter("scheduler", leadership.trigger(integration,
                            "quartz:kombo-sync/" + integration.name()))
                    .parameter("cron", integration.cron());
            if (leadership.clustered()) {
                templatedRoute("kombo-sync-on-leadership")
                        .routeId("kombo-sync-on-leadership-" + integration.name())
                        .parameter("integration", integration.name())
                        .parameter("trigger", leadership.trigger(integration,
                                "timer:kombo-sync-on-leadership-" + integration.name()));
            }
        }
    }
}
