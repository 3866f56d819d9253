package dev.kombo.interviews.sync;

import org.apache.camel.builder.RouteBuilder;

/**
 * One schedule route per integration, made from the {@code kombo-sync-schedule} route template in
 * {@code routes/sync-schedule.camel.yaml}: adding an integration to the properties adds its schedule.
 * In run-once mode there are no schedules: the start-up sync is the only run.
 */
public final class SyncSchedules extends RouteBuilder {

    private final Integrations integrations;
    private final boolean runOnce;

    public SyncSchedules(Integrations integrations, boolean runOnce) {
        this.integrations = integrations;
        this.runOnce = runOnce;
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
                    .parameter("cron", integration.cron());
        }
    }
}
