package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Properties;

import org.apache.camel.component.micrometer.MicrometerConstants;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sync.SyncOutcome;

/**
 * The bundle against a Kombo that answers the way Kombo does: records with every null, absence and enum value the
 * contract allows plus fields and values it does not know yet, and {@code ratelimit-*} headers on every answer
 * (a window's reset is up to 60 s away while plenty of requests remain).
 */
class KomboAsItAnswersTest extends BundleTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KomboAsItAnswersTest.class);
    private static final String ACME = "sandbox:acme-greenhouse";
    private static final String GLOBEX = "sandbox:globex-workday";
    private static final int RECORDS = 7_000;

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.sandbox.schema-drift", "true");
        p.setProperty("kombo.integration.globex.sinks", "file,sftp,jms");
        p.setProperty("kombo.retry.initial-delay-ms", "100");
        p.setProperty("kombo.retry.max-delay-ms", "1000");
        return p;
    }

    private MeterRegistry meters() {
        return context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
    }

    private Timer waits(String trigger) {
        return meters().find("kombo.retry.waits").tags("operation", "get", "trigger", trigger).timer();
    }

    private long ndjsonLines(String integration) throws Exception {
        long lines = 0;
        for (String name : fileNames(fileSink(integration))) {
            lines += Files.readAllLines(fileSink(integration).resolve(name)).size();
        }
        return lines;
    }

    @Test
    void every_valid_interview_reaches_every_sink_and_transient_errors_wait_only_the_back_off() throws Exception {
        drainQueue(property("kombo.sink.jms.queue"));
        long start = System.nanoTime();
        SyncOutcome clean = sync("acme");
        long cleanMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(clean.ok()).as(clean.reason()).isTrue();
        assertThat(clean.records()).isEqualTo(sandbox().store().visibleCount(ACME, true)).isEqualTo(RECORDS);
        assertThat(clean.deliveredPerSink()).containsEntry("file", (long) RECORDS).containsEntry("sftp", (long) RECORDS)
                .containsEntry("jms", (long) RECORDS);
        assertThat(clean.keptWaiting()).as("nothing dead-lettered").isZero();
        assertThat(clean.unknownValues()).as("drift delivered and counted")
                .containsKeys("unknown_field sandbox_drift_field", "unknown_enum_value application.outcome");
        assertThat(meters().find("kombo.sync.unknown.values").tags("integration", "acme", "kind", "unknown_enum_value",
                "field", "application.outcome").counter().count())
                .isEqualTo((double) clean.unknownValues().get("unknown_enum_value application.outcome"));
        assertThat(ndjsonLines("acme")).isEqualTo(RECORDS);
        assertThat(drainQueue(property("kombo.sink.jms.queue"))).hasSize(RECORDS);

        // about one 503 and one concurrency-limit 429 (neither with Retry-After) in every ten pages
        sandbox().faults().rate(Fault.of(Fault.Kind.REMOTE_UNAVAILABLE), 0.1)
                .rate(Fault.errorCode("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED"), 0.1);
        start = System.nanoTime();
        SyncOutcome faulty = sync("globex");
        long faultyMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(faulty.ok()).as(faulty.reason()).isTrue();
        assertThat(faulty.records()).isEqualTo(sandbox().store().visibleCount(GLOBEX, true));
        assertThat(sandbox().faults().injected()).as("faults were met").isPositive();
        assertThat(waits("ratelimit_reset")).as("a window's reset is no reason to wait").isNull();
        assertThat(waits("retry_after")).isNull();
        Timer backoff = waits("backoff");
        assertThat(backoff.count()).isEqualTo(sandbox().faults().injected());
        assertThat(backoff.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1150);
        LOG.info("7,000 interviews: fault-free run {} ms; with {} faults {} ms, of which {} ms were back-off waits",
                cleanMillis, sandbox().faults().injected(), faultyMillis,
                Math.round(backoff.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)));
    }
}
