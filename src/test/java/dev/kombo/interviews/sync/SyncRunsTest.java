package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.observe.BundleMetrics;
import dev.kombo.interviews.state.DeadLetterFolder;
import dev.kombo.interviews.state.SuspensionFolder;
import dev.kombo.interviews.state.WatermarkFolder;

class SyncRunsTest {

    @TempDir
    Path state;

    private final Integrations integrations = Integrations.load(key -> Optional.ofNullable(Map.of(
            "kombo.integrations", "acme", "kombo.integration.acme.id", "x:acme", "kombo.sync.sinks", "file",
            "kombo.api-key", "k").get(key)));
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00.000Z"), ZoneOffset.UTC);

    private IntegrationSuspensions suspensions() {
        return new IntegrationSuspensions(new SuspensionFolder(state), 500, "test");
    }

    private SyncRun begin(SyncRuns runs) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(SyncRuns.INTEGRATION_HEADER, "acme");
        runs.begin(exchange);
        SyncRun run = SyncRuns.current(exchange);
        runs.complete(exchange);
        return run;
    }

    @Test
    void resync_switch_ignores_the_watermark_once_then_incremental_sync_goes_on() {
        WatermarkStore store = new WatermarkFolder(state);
        store.advance("acme", "2026-11-01T00:00:00.000Z");
        SyncRuns runs = new SyncRuns(integrations, store, new SyncStatus(), new DeadLetterFolder(state), suspensions(),
                new BundleMetrics(integrations, store, new DeadLetterFolder(state)), clock, "2024-01-01T00:00:00.000Z");

        SyncRun first = begin(runs);
        SyncRun second = begin(runs);

        assertThat(first.updatedAfter()).isEqualTo("2024-01-01T00:00:00.000Z");
        assertThat(second.updatedAfter()).isEqualTo("2026-11-25T10:00:00.000Z");
    }

    @Test
    void resync_all_sends_no_updated_after() {
        WatermarkStore store = new WatermarkFolder(state);
        store.advance("acme", "2026-11-01T00:00:00.000Z");
        SyncRuns runs = new SyncRuns(integrations, store, new SyncStatus(), new DeadLetterFolder(state), suspensions(),
                new BundleMetrics(integrations, store, new DeadLetterFolder(state)), clock, "all");

        assertThat(begin(runs).query(null)).doesNotContain("updated_after");
    }
}
