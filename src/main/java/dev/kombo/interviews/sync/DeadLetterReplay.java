package dev.kombo.interviews.sync;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.observe.BundleMetrics;

/**
 * Brings kept records back ({@code direct:kombo-replay}, Java routes in {@link SyncRoutes}): each file of an
 * integration's kept records is checked again with today's rules (a bundle that learnt Kombo's meaning of a
 * field now takes what an older one refused), what passes is delivered to the integration's sinks as one page
 * and leaves the file once every sink has it; what is still refused stays, with its new reason. Started by
 * {@code POST /dead-letters/<integration>/replay} or {@code --replay-dead-letters}; never while a sync of
 * the integration runs.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STATE = "kombo.replay";

    private final KeptRecords folder;
    private final PageReader reader;
    private final Integrations integrations;
    private final SyncRuns runs;
    private final BundleMetrics metrics;
    private final Clock clock;
    private final List<String> requested;
    private final IntConsumer exit;
    private final Map<String, Outcome> last = new ConcurrentHashMap<>();

    /**
     * @param requested the integrations {@code --replay-dead-letters} names (empty: not in that mode)
     * @param exit      ends the process with a code once the requested replays are done
     */
    public DeadLetterReplay(KeptRecords folder, PageReader reader, Integrations integrations, SyncRuns runs,
            BundleMetrics metrics, Clock clock, List<String> requested, IntConsumer exit) {
        this.folder = folder;
        this.reader = reader;
        this.integrations = integrations;
        this.runs = runs;
        this.metrics = metrics;
        this.clock = clock;
        this.requested = List.copyOf(requested);
        this.exit = exit;
    }

    /** How a replay ended. {@code BUSY}: a sync or another replay of the integration was in progress. */
    public record Outcome(String integration, Status status, int replayed, int stillKept, String reason) {

        public enum Status { COMPLETED, FAILED, BUSY }

        public String json() {
            ObjectNode json = JSON.createObjectNode();
            json.put("integration", integration);
            json.put("status", status.name());
            json.put("replayed", replayed);
            json.put("still_kept", stillKept);
            json.put("reason", reason);
            return json.toString();
        }

        /** The HTTP status of the answer to {@code POST /dead-letters/<integration>/replay}. */
        public int httpStatus() {
            return switch (status) {
                case COMPLETED -> 200;
                case BUSY -> 409;
                case FAILED -> 502;
            };
        }
    }

    /** One replay in progress, on the exchange. */
    private static final class Replay {
        final Integration integration;
        final String runId;
        final List<KeptRecords.Batch> batches;
        int next;
        KeptRecords.Batch batch;
        List<KeptRecords.Kept> stillKept;
        int replayed;
        int kept;

        Replay(Integration integration, String runId, List<KeptRecords.Batch> batches) {
            this.integration = integration;
            this.runId = runId;
            this.batches = batches;
        }
    }

    /** The integrations {@code --replay-dead-letters} asked for; empty when the bundle runs normally. */
    public List<String> requested() {
        return requested;
    }

    /** Whether this process was started to replay ({@code --replay-dead-letters}) instead of syncing. */
    public boolean commandRequested() {
        return !requested.isEmpty();
    }

    /** Starts the replay of the integration named in {@link SyncRuns#INTEGRATION_HEADER}, unless it is busy. */
    public void begin(Exchange exchange) {
        Integration integration = integrations.get(exchange.getIn().getHeader(SyncRuns.INTEGRATION_HEADER, String.class));
        if (!runs.hold(integration.name())) {
            end(exchange, new Outcome(integration.name(), Outcome.Status.BUSY, 0, 0,
                    "a sync or a replay of this integration is in progress; try again when it has ended"));
            exchange.setRouteStop(true);
            return;
        }
        try {
            exchange.setProperty(STATE, new Replay(integration, SyncRun.runId(Instant.now(clock)) + "-replay",
                    folder.batches(integration.name())));
        } catch (RuntimeException unreadable) {
            runs.release(integration.name());
            throw unreadable;
        }
    }

    public boolean hasMore(Exchange exchange) {
        Replay replay = exchange.getProperty(STATE, Replay.class);
        return replay.next < replay.batches.size();
    }

    /** The next file's records, checked again: those that pass become the body, one page for the sinks. */
    public void nextBatch(Exchange exchange) {
        Replay replay = exchange.getProperty(STATE, Replay.class);
        replay.batch = replay.batches.get(replay.next++);
        List<InterviewRecord> deliver = new ArrayList<>();
        replay.stillKept = new ArrayList<>();
        for (KeptRecords.Kept kept : replay.batch.records()) {
            PageReader.Page checked = reader.recheck(array(kept.record()),
                    "kept record of run " + kept.run() + " page " + kept.page());
            if (checked.records().isEmpty()) {
                replay.stillKept.add(new KeptRecords.Kept(checked.rejected().get(0).reason(), kept.run(),
                        kept.page(), kept.keptAt(), kept.record()));
            } else {
                deliver.addAll(checked.records());
            }
        }
        exchange.getIn().setBody(new InterviewPage(replay.integration.name(), replay.integration.id(), replay.runId,
                replay.next, deliver));
    }

    /** Whether the current file has anything the sinks can take. */
    public boolean batchHasRecords(Exchange exchange) {
        return !exchange.getIn().getBody(InterviewPage.class).records().isEmpty();
    }

    /** Every sink has the file's deliverable records: they leave the file; the others stay with their reasons. */
    public void batchDelivered(Exchange exchange) {
        Replay replay = exchange.getProperty(STATE, Replay.class);
        RetryBudget.succeeded(exchange);
        int delivered = replay.batch.records().size() - replay.stillKept.size();
        folder.settle(replay.batch, replay.integration.name(), replay.stillKept);
        replay.replayed += delivered;
        replay.kept += replay.stillKept.size();
        metrics.replayed(replay.integration.name(), delivered);
        if (delivered > 0) {
            LOG.info("{}: replayed {} kept record(s) of {} to {}; {} still refused", replay.integration.name(),
                    delivered, replay.batch.id(), replay.integration.sinks(), replay.stillKept.size());
        }
    }

    public void complete(Exchange exchange) {
        Replay replay = exchange.getProperty(STATE, Replay.class);
        Outcome outcome = new Outcome(replay.integration.name(), Outcome.Status.COMPLETED, replay.replayed,
                replay.kept, null);
        LOG.info("{}: replay of kept records completed: {} delivered, {} still kept (their reasons are in the files)",
                outcome.integration(), outcome.replayed(), outcome.stillKept());
        runs.release(replay.integration.name());
        end(exchange, outcome);
    }

    /** A sink failed (after its retries) or a file could not be read: what was not yet delivered stays kept. */
    public void failed(Exchange exchange) {
        Replay replay = exchange.getProperty(STATE, Replay.class);
        String reason = SyncRuns.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        String name = replay != null ? replay.integration.name()
                : exchange.getIn().getHeader(SyncRuns.INTEGRATION_HEADER, String.class);
        Outcome outcome = new Outcome(name, Outcome.Status.FAILED, replay == null ? 0 : replay.replayed,
                replay == null ? 0 : replay.kept, reason);
        LOG.error("{}: replay of kept records failed after {} delivered; the rest stays kept. Reason: {}", name,
                outcome.replayed(), reason);
        if (replay != null) {
            runs.release(name);
        }
        end(exchange, outcome);
    }

    private void end(Exchange exchange, Outcome outcome) {
        last.put(outcome.integration(), outcome);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(outcome);
    }

    /** After {@code --replay-dead-letters}: exit 0 when every requested replay completed, else 1. */
    public void commandDone() {
        List<String> failed = requested.stream()
                .filter(name -> last.get(name) == null || last.get(name).status() != Outcome.Status.COMPLETED)
                .map(name -> name + ": " + (last.get(name) == null ? "did not run" : last.get(name).reason()))
                .toList();
        long waiting = requested.stream().mapToLong(folder::waiting).sum();
        if (failed.isEmpty()) {
            LOG.info("replay: {} integration(s) replayed; {} record(s) still kept; exiting with 0", requested.size(),
                    waiting);
            exit.accept(0);
        } else {
            LOG.error("replay: {} of {} integration(s) failed, exiting with 1:\n  {}", failed.size(), requested.size(),
                    String.join("\n  ", failed));
            exit.accept(1);
        }
    }

    private static byte[] array(byte[] record) {
        ByteArrayOutputStream array = new ByteArrayOutputStream(record.length + 2);
        array.write('[');
        array.writeBytes(record);
        array.write(']');
        return array.toByteArray();
    }

    /** The names {@code --replay-dead-letters[=a,b]} gives: all configured integrations, or the ones listed. */
    public static List<String> requestedBy(String value, Integrations integrations) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        if (value.trim().equalsIgnoreCase("all")) {
            return integrations.names();
        }
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        for (String name : names) {
            integrations.get(name); // an unknown name fails start-up, listing the configured ones
        }
        return names;
    }
}
