package dev.kombo.interviews.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.kombo.KomboAction;
import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.observe.BundleMetrics;
import dev.kombo.interviews.sync.SyncOutcome.Status;

/**
 * Starts, checkpoints and ends sync runs. The watermark only moves in {@link #complete}: after the last
 * page reached every sink. After each delivered page the cursor is checkpointed, so a process that dies
 * mid-run resumes at the page in flight instead of page 1 (and writes to the same file names).
 */
public final class SyncRuns {

    static final String RUN = "kombo.syncRun";
    static final String PAGE = "kombo.page";
    /** The header naming the integration to sync on the exchange that enters {@code direct:kombo-sync}. */
    public static final String INTEGRATION_HEADER = "KomboIntegration";

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

    private final Integrations integrations;
    private final WatermarkStore store;
    private final SyncStatus status;
    private final KeptRecords deadLetters;
    private final IntegrationSuspensions suspensions;
    private final BundleMetrics metrics;
    private final Clock clock;
    private final String resyncFrom;
    private final Set<String> resyncPending = ConcurrentHashMap.newKeySet();
    /** Integrations with a run (or a replay of kept records) in progress in this process. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public SyncRuns(Integrations integrations, WatermarkStore store, SyncStatus status, KeptRecords deadLetters,
            IntegrationSuspensions suspensions, BundleMetrics metrics, Clock clock, String resyncFrom) {
        this.suspensions = suspensions;
        this.metrics = metrics;
        this.integrations = integrations;
        this.store = store;
        this.status = status;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.resyncFrom = resyncFrom == null || resyncFrom.isBlank() ? null : resyncFrom.trim();
        if (this.resyncFrom != null) {
            resyncPending.addAll(integrations.names());
        }
    }

    static SyncRun current(Exchange exchange) {
        return exchange.getProperty(RUN, SyncRun.class);
    }

    /** What the exchange's sync is busy with, for log lines: {@code integration 'acme' page 3}. */
    public static String describe(Exchange exchange) {
        SyncRun run = current(exchange);
        return run == null ? "sync" : run.where();
    }

    /** Opens a run for the integration named in the header; a second concurrent run is skipped. */
    public void begin(Exchange exchange) {
        Integration integration = integrations.get(exchange.getIn().getHeader(INTEGRATION_HEADER, String.class));
        SyncRun run = open(integration);
        if (!busy.add(integration.name())) {
            LOG.warn("{}: sync skipped, the previous run (or a replay) is still in progress", integration.name());
            status.record(outcome(run, Status.SKIPPED, "previous run still in progress", null, null));
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(RUN, run);
        if (run.resumed()) {
            LOG.info("{}: resuming the interrupted run started {} at page {} (updated_after={})", integration.name(),
                    run.startedAt(), run.nextPageNumber(), run.updatedAfter());
        } else {
            LOG.info("{}: sync started, updated_after={}, sinks={}", integration.name(),
                    run.updatedAfter() == null ? "(full sync)" : run.updatedAfter(), integration.sinks());
        }
    }

    private SyncRun open(Integration integration) {
        String name = integration.name();
        if (resyncPending.remove(name)) {
            store.clearCheckpoint(name);
            String from = resyncFrom.equalsIgnoreCase("all") ? null : resyncFrom;
            LOG.info("{}: full resync requested from {}", name, from == null ? "the beginning" : from);
            return new SyncRun(integration, Instant.now(clock), from);
        }
        Optional<WatermarkStore.Checkpoint> checkpoint = store.checkpoint(name);
        if (checkpoint.isPresent()) {
            WatermarkStore.Checkpoint c = checkpoint.get();
            return new SyncRun(integration, c.runStartedAt(), c.updatedAfter(), c.nextCursor(), c.pagesDone(),
                    c.recordsDone(), c.deletedDone(), c.rejectedDone(), true);
        }
        return new SyncRun(integration, Instant.now(clock), store.watermark(name).orElse(null));
    }

    /** Every sink took the page: keep rejected records, checkpoint the next cursor, log progress. */
    public void pageDelivered(Exchange exchange) {
        SyncRun run = current(exchange);
        RetryBudget.succeeded(exchange);
        PageReader.Page page = exchange.getProperty(PAGE, PageReader.Page.class);
        InterviewPage delivered = run.currentPage();
        if (!page.rejected().isEmpty()) {
            deadLetters.keep(delivered, page.rejected());
            LOG.warn("{} page {}: {} record(s) rejected and kept in {}", run.integration().name(),
                    delivered.number(), page.rejected().size(), deadLetters.where(run.integration().name()));
        }
        for (PageReader.Unknown unknown : page.unknowns()) {
            if (run.unknownSeen(unknown)) {
                LOG.warn("{} page {}: delivered interview {} as sent with a {} the contract does not know yet: {} "
                        + "('{}'); further ones are counted (kombo_sync_unknown_values_total)", run.integration().name(),
                        delivered.number(), unknown.interviewId(), unknown.kind().label().replace('_', ' '),
                        unknown.field(), unknown.example());
            }
        }
        run.delivered(page.next(), page.rejected().size());
        metrics.pageDelivered(run.integration(), delivered.records().size(), page.rejected().size(), page.unknowns());
        if (run.hasMorePages()) {
            store.saveCheckpoint(run.integration().name(), new WatermarkStore.Checkpoint(run.startedAt(),
                    run.updatedAfter(), run.cursor(), run.pagesDone(), run.recordsDone(), run.deletedDone(),
                    run.rejectedDone()));
        }
        LOG.info("{} page {}: {} records ({} deleted) delivered to {} in {} ms", run.integration().name(),
                delivered.number(), delivered.records().size(), delivered.deletedCount(), run.integration().sinks(),
                run.pageElapsedMillis());
        exchange.removeProperty(PAGE);
    }

    /** The last page reached every sink: now, and only now, the watermark moves to the run's start. */
    public void complete(Exchange exchange) {
        SyncRun run = current(exchange);
        String name = run.integration().name();
        try {
            store.advance(name, run.startedAt());
            store.clearCheckpoint(name);
            // Kombo answered every page: whatever suspended the integration is fixed
            suspensions.resume(run.integration().id());
            SyncOutcome outcome = outcome(run, Status.COMPLETED, null, null, run.startedAt());
            status.record(outcome);
            metrics.syncEnded(outcome);
            LOG.info("{}: sync completed: {} pages, {} records ({} deleted, {} rejected), delivered {} in {} ms; "
                    + "watermark {} -> {}{}{}", name, run.pagesDone(), run.recordsDone(), run.deletedDone(),
                    run.rejectedDone(), run.deliveredPerSink(), run.elapsedMillis(),
                    run.updatedAfter() == null ? "(none)" : run.updatedAfter(), run.startedAt(),
                    run.unknownValues().isEmpty() ? "" : "; new to the contract (delivered): " + run.unknownValues(),
                    waiting(outcome));
            exchange.getIn().setBody(outcome);
        } finally {
            busy.remove(name);
        }
    }

    private String waiting(SyncOutcome outcome) {
        return outcome.keptWaiting() == 0 ? "" : "; " + outcome.keptWaiting() + " kept record(s) wait in "
                + deadLetters.where(outcome.integration()) + " for a replay (README, \"Kept records\")";
    }

    /**
     * Claims the integration for work that must not overlap a sync run of it (a replay of its kept records).
     *
     * @return false when a run or a replay is in progress
     */
    public boolean hold(String integration) {
        return busy.add(integration);
    }

    /** Ends what {@link #hold} started. */
    public void release(String integration) {
        busy.remove(integration);
    }

    /** The run ended early; the watermark stays where it was, so the next run repeats this one's window. */
    public void failed(Exchange exchange) {
        SyncRun run = current(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (run == null) {
            LOG.error("sync could not start: {}", cause == null ? "unknown error" : cause.getMessage());
            return;
        }
        String name = run.integration().name();
        try {
            Status ended = Status.FAILED;
            String code = null;
            if (cause instanceof KomboApiException kombo) {
                code = kombo.error().code();
                ended = kombo.action() == KomboAction.SUSPEND ? Status.SUSPENDED
                        : kombo.action() == KomboAction.DEFER ? Status.DEFERRED : Status.FAILED;
                if (ended == Status.SUSPENDED) {
                    // updates for it are held too, until a person fixes it and a sync gets through again
                    suspensions.suspend(run.integration().id(), kombo.error());
                }
                if (run.resumed() && !run.progressed() && kombo.action() == KomboAction.DEAD_LETTER) {
                    // Kombo refused the saved cursor (it may have expired): the next run starts the window afresh
                    store.clearCheckpoint(name);
                }
            }
            String reason = reason(cause);
            SyncOutcome outcome = outcome(run, ended, reason, code, null);
            status.record(outcome);
            metrics.syncEnded(outcome);
            LOG.error("{}: sync {} after {} pages and {} records in {} ms; watermark stays at {}{}. Reason: {}", name,
                    ended, run.pagesDone(), run.recordsDone(), run.elapsedMillis(),
                    run.updatedAfter() == null ? "(none)" : run.updatedAfter(), waiting(outcome), reason);
            exchange.getIn().setBody(outcome);
        } finally {
            busy.remove(name);
        }
    }

    /** The message of the exception that matters, not of Camel's wrappers around it (multicast, exchange). */
    static String reason(Throwable cause) {
        Throwable t = cause;
        while (t != null && t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.camel.CamelExchangeException
                        || t instanceof org.apache.camel.RuntimeCamelException)) {
            t = t.getCause();
        }
        if (t == null) {
            return "unknown error";
        }
        return t instanceof KomboApiException || t instanceof SyncRun.SyncGuardException
                || t instanceof PageReader.InvalidPageException ? t.getMessage()
                        : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The sink endpoints of the page's integration, for the recipient list. */
    public List<String> sinkEndpoints(Exchange exchange) {
        InterviewPage page = exchange.getIn().getBody(InterviewPage.class);
        return integrations.get(page.integration()).sinks().stream().map(sink -> "direct:sink-" + sink).toList();
    }

    private SyncOutcome outcome(SyncRun run, Status status, String reason, String code, String watermark) {
        String name = run.integration().name();
        return new SyncOutcome(name, status, reason, code, run.recordsDone(), Map.copyOf(run.deliveredPerSink()),
                run.elapsedMillis(), watermark, Instant.now(), Map.copyOf(run.unknownValues()),
                status == Status.SKIPPED ? 0 : keptWaiting(name));
    }

    private long keptWaiting(String integration) {
        try {
            return deadLetters.waiting(integration);
        } catch (RuntimeException unreadable) {
            LOG.error("{}: cannot count the kept records: {}", integration, unreadable.getMessage());
            return -1;
        }
    }
}
