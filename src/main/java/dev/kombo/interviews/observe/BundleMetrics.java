package dev.kombo.interviews.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.MicrometerConstants;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.Integration;
import dev.kombo.interviews.sync.PageReader;
import dev.kombo.interviews.sync.Integrations;
import dev.kombo.interviews.sync.SyncOutcome;
import dev.kombo.interviews.sync.WatermarkStore;
import dev.kombo.interviews.update.UpdateOutcome;

/**
 * The bundle's own Prometheus meters, next to Camel's route metrics on {@code /observe/metrics} (README,
 * "Metrics"). They live in the MeterRegistry Camel creates for {@code camel.metrics.enabled}, which exists only
 * once the context starts: until then, and when metrics are off, meters are recorded nowhere. Tags are
 * low-cardinality only (integration name, sink, operation, Kombo code, entry point, outcome), never an id.
 */
public final class BundleMetrics implements StartupListener {

    private final Integrations integrations;
    private final WatermarkStore watermarks;
    private final KeptRecords deadLetters;
    private final Map<String, Double> lastSuccessSeconds = new ConcurrentHashMap<>();
    // a composite without registries drops every measurement (before start, or camel.metrics.enabled=false)
    private volatile MeterRegistry registry = new CompositeMeterRegistry();

    public BundleMetrics(Integrations integrations, WatermarkStore watermarks, KeptRecords deadLetters) {
        this.integrations = integrations;
        this.watermarks = watermarks;
        this.deadLetters = deadLetters;
    }

    /** Camel's registry exists now (its metrics service started with the context); routes start after this. */
    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        MeterRegistry camels = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (camels == null) {
            return;
        }
        registry = camels;
        for (String name : integrations.names()) {
            Gauge.builder("kombo.sync.last.success.timestamp", () -> lastSuccessSeconds.getOrDefault(name, Double.NaN))
                    .description("When the integration's last sync completed (epoch seconds); NaN before one did")
                    .baseUnit("seconds").tag("integration", name).register(registry);
            Gauge.builder("kombo.sync.watermark.lag", () -> watermarkLagSeconds(name))
                    .description("Now minus the stored watermark (the start of the last complete sync); NaN without one")
                    .baseUnit("seconds").tag("integration", name).register(registry);
            Gauge.builder("kombo.dead.letters.waiting", () -> keptWaiting(name))
                    .description("Records kept in kombo.sync.dead-letter-dir, waiting for a replay; NaN when unreadable")
                    .tag("integration", name).register(registry);
        }
    }

    private double keptWaiting(String integration) {
        try {
            // read at every scrape: replays and other replicas change the folder
            return deadLetters.waiting(integration);
        } catch (RuntimeException unreadable) {
            return Double.NaN;
        }
    }

    private double watermarkLagSeconds(String integration) {
        try {
            // read at every scrape: the state folder is the truth, also when another replica synced
            return watermarks.watermark(integration)
                    .map(mark -> Duration.between(Instant.parse(mark), Instant.now()).toMillis() / 1000.0)
                    .orElse(Double.NaN);
        } catch (RuntimeException unreadable) {
            // an unreadable or garbled state file has no lag to show; the next sync reports it
            return Double.NaN;
        }
    }

    /** Kombo answered a page and the run took it (guards passed). */
    public void pageFetched(String integration) {
        counter("kombo.sync.pages.fetched", "Pages of GET /ats/interviews accepted by a sync run",
                "integration", integration).increment();
    }

    /**
     * A page reached every sink of the integration; its rejected records were kept in the dead-letter folder;
     * {@code unknowns} are the fields and enum values of its delivered records that the contract does not know.
     */
    public void pageDelivered(Integration integration, int records, int rejected, List<PageReader.Unknown> unknowns) {
        for (String sink : integration.sinks()) {
            counter("kombo.sync.records.delivered", "Interviews delivered, counted once the page reached every sink",
                    "integration", integration.name(), "sink", sink).increment(records);
        }
        counter("kombo.sync.records.rejected", "Records that broke the contract, kept in kombo.sync.dead-letter-dir",
                "integration", integration.name()).increment(rejected);
        for (PageReader.Unknown unknown : unknowns) {
            // the field is the schema's place (users[].role): new fields are few, so the tag stays bounded
            counter("kombo.sync.unknown.values", "Delivered records carrying a field or enum value the contract "
                    + "does not know yet, by field", "integration", integration.name(), "kind", unknown.kind().label(),
                    "field", unknown.field()).increment();
        }
    }

    /** Kept records were replayed: {@code replayed} reached every sink, {@code stillKept} were refused again. */
    public void replayed(String integration, int replayed) {
        counter("kombo.dead.letters.replayed", "Kept records replayed to the sinks", "integration", integration)
                .increment(replayed);
    }

    /** A run ended: COMPLETED, FAILED, SUSPENDED or DEFERRED (a skipped run never started). */
    public void syncEnded(SyncOutcome outcome) {
        Timer.builder("kombo.sync.duration").description("Duration of sync runs, by how they ended")
                .tags("integration", outcome.integration(), "status", outcome.status().name()).register(registry)
                .record(Duration.ofMillis(outcome.durationMillis()));
        if (outcome.ok()) {
            lastSuccessSeconds.put(outcome.integration(), outcome.finishedAt().toEpochMilli() / 1000.0);
        }
    }

    /**
     * A Kombo call failed: an error answer, or none at all (status 0).
     *
     * @param operation {@code get} or {@code patch}
     */
    public void apiError(String integration, String operation, KomboError error) {
        String code = error.code() != null ? error.code() : error.status() == 0 ? "NO_ANSWER" : "HTTP_" + error.status();
        counter("kombo.api.errors", "Failed Kombo calls: Kombo's error code, HTTP_<status> without one, NO_ANSWER without an answer",
                "integration", integration, "operation", operation, "code", code).increment();
    }

    /**
     * Camel is about to redeliver a failed step.
     *
     * @param operation {@code get} (a page), {@code patch} (an update) or {@code sink} (a page delivery)
     */
    public void retried(String operation) {
        counter("kombo.retries", "Redeliveries of a failed page fetch, PATCH or page delivery", "operation", operation).increment();
    }

    /**
     * A retry waits {@code millis} before it goes.
     *
     * @param trigger {@code retry_after} or {@code ratelimit_reset} (Kombo asked), else {@code backoff}
     */
    public void waited(String operation, String trigger, long millis) {
        Timer.builder("kombo.retry.waits").description("Waits before a retry, by what asked for them")
                .tags("operation", operation, "trigger", trigger).register(registry).record(Duration.ofMillis(millis));
    }

    /**
     * An inbound update ended with this outcome (YAML entry routes call it).
     *
     * @param entry {@code http}, {@code file} or {@code jms}
     */
    public void updateAnswered(String entry, UpdateOutcome outcome) {
        counter("kombo.update.requests", "Inbound update requests by entry point and outcome",
                "entry", entry, "outcome", outcome.result().name()).increment();
    }

    /** An update was not applied and was kept for a person: the failed folder (file) or the dead-letter queue (jms). */
    public void deadLettered(String entry, UpdateOutcome outcome) {
        String code = outcome.code() != null ? outcome.code() : "HTTP_" + outcome.httpStatus();
        counter("kombo.update.dead.lettered", "Inbound updates kept in the failed folder or dead-letter queue",
                "entry", entry, "code", code).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
