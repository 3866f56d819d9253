package dev.kombo.interviews.update;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.kombo.AttemptTimeouts;
import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.kombo.KomboAction;
import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.kombo.KomboErrorPolicy;
import dev.kombo.interviews.kombo.KomboErrorReader;
import dev.kombo.interviews.observe.BundleMetrics;
import dev.kombo.interviews.sync.Integration;
import dev.kombo.interviews.sync.Integrations;
import dev.kombo.interviews.sync.RetryBudget;

/**
 * The steps of one interview update, used by {@code UpdateRoutes}: admit (validate, suspension,
 * idempotency), build the PATCH, read Kombo's answer through the error policy, check a timed-out PATCH
 * before sending it again, and turn whatever happened into an {@link UpdateOutcome}.
 */
public final class InterviewUpdater {

    /** {@code kombo}: a Kombo-compatible request (ids in path and headers); {@code envelope}: file / JMS. */
    public static final String FORMAT_HEADER = "KomboUpdateFormat";
    static final String UPDATE = "kombo.update";
    static final String INTEGRATION = "kombo.updateIntegration";
    /** The Kombo integration id; the throttle's correlation key (no dots: simple reads dots as paths). */
    static final String INTEGRATION_ID = "KomboUpdateIntegrationId";
    static final String ANSWER = "kombo.updateAnswer";
    static final String VERIFY = "kombo.updateVerify";
    static final String VERIFY_FIRST = "kombo.updateVerifyFirst";
    static final String STARTED = "kombo.updateStarted";
    static final String SLOT = "kombo.updateSlot";
    /** Time kept back from the deadline for writing the answer. */
    private static final long ANSWER_RESERVE_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(InterviewUpdater.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpdateValidator validator;
    private final Integrations integrations;
    private final IntegrationSuspensions suspensions;
    private final IdempotencyCache idempotency;
    private final KomboErrorPolicy policy;
    private final PatchSlots concurrency;
    private final BundleMetrics metrics;
    private final long minAttemptMillis;

    /** @param minAttemptMillis the least time an attempt is started with before a caller's deadline */
    public InterviewUpdater(UpdateValidator validator, Integrations integrations, IntegrationSuspensions suspensions,
            IdempotencyCache idempotency, KomboErrorPolicy policy, PatchSlots concurrency, BundleMetrics metrics,
            long minAttemptMillis) {
        this.minAttemptMillis = minAttemptMillis;
        this.validator = validator;
        this.integrations = integrations;
        this.suspensions = suspensions;
        this.idempotency = idempotency;
        this.policy = policy;
        this.concurrency = concurrency;
        this.metrics = metrics;
    }

    /** Validates and admits the request; answers at once (body = outcome) when it must not be sent. */
    public void admit(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        Message in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        InterviewUpdate update = "envelope".equals(in.getHeader(FORMAT_HEADER, String.class))
                ? validator.envelope(body)
                : validator.direct(in.getHeader("X-Integration-Id", String.class),
                        in.getHeader("application_id", String.class), in.getHeader("Idempotency-Key", String.class),
                        body);
        exchange.setProperty(UPDATE, update);
        Optional<Integration> integration = integrations.byKomboId(update.integrationId());
        if (integration.isEmpty()) {
            finish(exchange, UpdateOutcome.kombo(new KomboError(404, "PLATFORM.INTEGRATION_NOT_FOUND",
                    "Integration not configured", "integration " + update.integrationId()
                            + " is not configured in this bundle (kombo.integrations)", null, Optional.empty()),
                    KomboAction.DEAD_LETTER));
            return;
        }
        exchange.setProperty(INTEGRATION, integration.get());
        exchange.setProperty(INTEGRATION_ID, integration.get().id());
        Optional<IntegrationSuspensions.Suspension> suspension = suspensions.suspension(update.integrationId());
        if (suspension.isPresent()) {
            finish(exchange, UpdateOutcome.suspended(update.integrationId(), suspension.get().error()));
            return;
        }
        if (update.idempotencyKey() != null) {
            IdempotencyCache.Lookup found = idempotency.begin(idempotencyKey(update));
            if (found instanceof IdempotencyCache.Replay replay) {
                LOG.info("update {} / {}: Idempotency-Key seen before, answering with the first outcome ({})",
                        update.integrationId(), update.applicationId(), replay.outcome().result());
                finish(exchange, replay.outcome());
            } else if (found instanceof IdempotencyCache.InFlight) {
                finish(exchange, new UpdateOutcome(UpdateOutcome.Result.REJECTED, 409,
                        UpdateOutcome.errorBody(null, "Request in progress", "a request with this Idempotency-Key "
                                + "is still in progress; repeat it once that one has ended", null), 1L));
            } else if (found instanceof IdempotencyCache.Fresh fresh && fresh.uncertain() != null) {
                // the first request with this key may have been applied: look before sending it again
                LOG.info("update {}: Idempotency-Key seen before without a known outcome; checking Kombo first",
                        describe(exchange));
                UpdateOutcome first = fresh.uncertain();
                exchange.setProperty(VERIFY_FIRST, Boolean.TRUE);
                exchange.setProperty(VERIFY, new KomboError(first.httpStatus(), first.code(), null, first.reason(), null,
                        Optional.empty()));
            }
        }
    }

    /** Answers without calling Kombo; the route sees an outcome in the body and skips the PATCH. */
    private static void finish(Exchange exchange, UpdateOutcome outcome) {
        exchange.getIn().setBody(outcome);
    }

    /** True once the request has been admitted for a PATCH (no outcome decided yet). */
    public boolean admitted(Exchange exchange) {
        return !(exchange.getIn().getBody() instanceof UpdateOutcome);
    }

    /**
     * Waits for one of the integration's PATCH slots ({@link PatchSlots}). A caller with a deadline waits
     * only while an attempt could still follow; then it is answered 503 with Retry-After, nothing sent.
     */
    public void takeSlot(Exchange exchange) throws InterruptedException {
        Integration integration = exchange.getProperty(INTEGRATION, Integration.class);
        Long deadline = exchange.getProperty(RetryBudget.DEADLINE, Long.class);
        long patience = deadline == null ? Long.MAX_VALUE
                : (deadline - System.nanoTime()) / 1_000_000 - minAttemptMillis;
        if (concurrency.acquire(integration.id(), patience)) {
            exchange.setProperty(SLOT, Boolean.TRUE);
            return;
        }
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        if (update.idempotencyKey() != null) {
            idempotency.abandon(idempotencyKey(update));
        }
        LOG.warn("update {}: not sent, {} PATCHes of the integration are in flight and the caller's deadline is near",
                describe(exchange), concurrency.limitFor(integration.id()));
        finish(exchange, UpdateOutcome.busy(integration.id(), concurrency.limitFor(integration.id())));
    }

    private void releaseSlot(Exchange exchange) {
        if (exchange.removeProperty(SLOT) != null) {
            concurrency.release(exchange.getProperty(INTEGRATION, Integration.class).id());
        }
    }

    /**
     * Before each call to Kombo for a caller with a deadline: the attempt may take only the time that is left
     * ({@link dev.kombo.interviews.kombo.AttemptTimeouts}), so it ends, answered or not, before the deadline.
     */
    public void boundAttempt(Exchange exchange) {
        Long deadline = exchange.getProperty(RetryBudget.DEADLINE, Long.class);
        if (deadline != null) {
            long left = (deadline - System.nanoTime()) / 1_000_000 - ANSWER_RESERVE_MILLIS;
            exchange.getIn().setHeader(AttemptTimeouts.HEADER, Math.max(1, left));
        }
    }

    /** {@code PATCH {base}/ats/applications/{application_id}/interviews}, nothing else from the caller. */
    public void preparePatch(Exchange exchange) throws IOException {
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        // the enum itself: camel-http converts a String to HttpMethods on every request, a measurable cost
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.PATCH);
        in.setHeader(Exchange.HTTP_PATH, "/ats/applications/"
                + URLEncoder.encode(update.applicationId(), StandardCharsets.UTF_8) + "/interviews");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        setIdentity(in, exchange.getProperty(INTEGRATION, Integration.class));
        in.setBody(JSON.writeValueAsBytes(update.body()));
        exchange.removeProperty(VERIFY);
    }

    /** Success, or the action of the error policy: retry (same PATCH later), verify, or give up. */
    public void readPatchAnswer(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        Integration integration = exchange.getProperty(INTEGRATION, Integration.class);
        concurrency.observe(integration.id(), in.getHeader("Concurrency-Limit", String.class));
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status <= 299) {
            exchange.setProperty(ANSWER, JSON.readTree(in.getBody(byte[].class)));
            return;
        }
        KomboError error = KomboErrorReader.error(status, in.getBody(byte[].class),
                name -> in.getHeader(name, String.class));
        metrics.apiError(integration.name(), "patch", error);
        KomboAction action = policy.actionFor(error);
        if (action == KomboAction.VERIFY) {
            // the PATCH may have been applied although it timed out: look before sending it again
            LOG.warn("update {}: {}; checking whether it was applied", describe(exchange), error.describe());
            exchange.setProperty(VERIFY, error);
            return;
        }
        throw failure(exchange, integration, error, action);
    }

    private KomboApiException failure(Exchange exchange, Integration integration, KomboError error,
            KomboAction action) {
        if (action == KomboAction.RETRY) {
            // the wait Kombo asked for travels with the error to the RetryBudget
            return new KomboApiException.Retryable(integration.name(), error);
        }
        if (action == KomboAction.SUSPEND) {
            suspensions.suspend(integration.id(), error);
        }
        return new KomboApiException.Final(integration.name(), error, action);
    }

    public boolean needsVerification(Exchange exchange) {
        return exchange.getProperty(VERIFY) != null;
    }

    /** Whether Kombo's success (or the finding that it was applied already) is in hand. */
    public boolean answered(Exchange exchange) {
        return exchange.getProperty(ANSWER) != null;
    }

    /** {@code GET /ats/interviews?ids=<interview_id>}: the interview as Kombo has it now. */
    public void prepareVerify(Exchange exchange) {
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        in.setHeader(Exchange.HTTP_PATH, "/ats/interviews");
        in.setHeader(Exchange.HTTP_QUERY, "ids=" + URLEncoder.encode(update.interviewId(), StandardCharsets.UTF_8)
                + "&include_deleted=true");
        setIdentity(in, exchange.getProperty(INTEGRATION, Integration.class));
        in.setBody(null);
    }

    /** Applied already: done, without a second PATCH. Not applied: the PATCH is retried like a 503. */
    public void readVerify(Exchange exchange) throws IOException {
        Integration integration = exchange.getProperty(INTEGRATION, Integration.class);
        KomboError timedOut = exchange.getProperty(VERIFY, KomboError.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status < 200 || status > 299) {
            metrics.apiError(integration.name(), "get", KomboErrorReader.error(status,
                    exchange.getIn().getBody(byte[].class), name -> exchange.getIn().getHeader(name, String.class)));
            throw failure(exchange, integration, timedOut, KomboAction.RETRY);
        }
        JsonNode results = JSON.readTree(exchange.getIn().getBody(byte[].class)).path("data").path("results");
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        if (results.size() == 1 && isApplied(update.body(), results.get(0))) {
            LOG.info("update {}: the timed-out PATCH was applied; not sending it again", describe(exchange));
            ObjectNode answer = JSON.createObjectNode();
            answer.put("status", "success");
            answer.set("data", results.get(0));
            exchange.setProperty(ANSWER, answer);
            return;
        }
        exchange.removeProperty(VERIFY);
        if (exchange.removeProperty(VERIFY_FIRST) != null) {
            return; // a repeat of an uncertain key, and Kombo does not have it: the PATCH goes now
        }
        throw failure(exchange, integration, timedOut, KomboAction.RETRY); // the next attempt sends the PATCH
    }

    /** Whether the interview as Kombo returns it carries every change the PATCH asked for. */
    static boolean isApplied(JsonNode patch, JsonNode interview) {
        if (!patch.path("title").asText().equals(interview.path("title").asText())) {
            return false;
        }
        if (!sameInstant(patch.path("start_time").asText(), interview.path("starting_at").asText())
                || !sameInstant(patch.path("end_time").asText(), interview.path("ending_at").asText())) {
            return false;
        }
        Set<String> wanted = new HashSet<>();
        patch.path("interviewer_user_ids").forEach(id -> wanted.add(id.asText()));
        Set<String> present = new HashSet<>();
        interview.path("users").forEach(user -> present.add(user.path("id").asText()));
        return present.containsAll(wanted);
    }

    private static boolean sameInstant(String a, String b) {
        try {
            return Instant.from(java.time.OffsetDateTime.parse(a)).equals(Instant.parse(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Kombo's answer reached us: remember it for repeats of the idempotency key. */
    public void applied(Exchange exchange) {
        releaseSlot(exchange);
        UpdateOutcome outcome = UpdateOutcome.success(exchange.getProperty(ANSWER, JsonNode.class));
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        if (update.idempotencyKey() != null) {
            idempotency.finish(idempotencyKey(update), outcome);
        }
        LOG.info("update {}: applied in {} ms", describe(exchange), elapsedMillis(exchange));
        exchange.getIn().setBody(outcome);
    }

    /** Each failed attempt of the update's Kombo calls: one that got no answer at all counts as a Kombo error too. */
    public void countNoAnswer(Exchange exchange) {
        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof IOException cause) {
            // while a timed-out PATCH is being checked, the call in flight was the GET
            metrics.apiError(exchange.getProperty(INTEGRATION, Integration.class).name(),
                    needsVerification(exchange) ? "get" : "patch", KomboErrorReader.noAnswer(cause));
        }
    }

    /**
     * Whatever stopped the update, as an outcome; nothing is thrown back at the entry point. When the retries
     * ran out (or the caller's deadline came), the outcome says when to try again ({@code Retry-After}).
     */
    public void failed(Exchange exchange) {
        releaseSlot(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        Long nextWait = exchange.getProperty(RetryBudget.NEXT_WAIT, Long.class);
        Long retryAfter = nextWait == null ? null : Math.max(1, (nextWait + 999) / 1000);
        UpdateOutcome outcome;
        if (cause instanceof InvalidUpdateException invalid) {
            outcome = UpdateOutcome.invalid(invalid.problems());
        } else if (cause instanceof KomboApiException kombo) {
            outcome = UpdateOutcome.kombo(kombo.error(), kombo.action());
            if (kombo instanceof KomboApiException.Retryable && retryAfter != null) {
                outcome = outcome.retryAfter(retryAfter);
            }
        } else {
            outcome = UpdateOutcome.unreachable(cause == null ? "unknown error"
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage(), retryAfter);
        }
        if (update != null && update.idempotencyKey() != null) {
            String key = idempotencyKey(update);
            if (outcome.result() == UpdateOutcome.Result.REJECTED) {
                idempotency.finish(key, outcome);
            } else if (mayHaveBeenApplied(cause)) {
                // a repeat of the key first looks whether Kombo has it, instead of sending it a second time
                idempotency.finish(key, outcome);
            } else {
                idempotency.abandon(key);
            }
        }
        LOG.debug("update failed", cause);
        LOG.warn("update {}: {} (HTTP {}) after {} ms", update == null ? "(unparsed request)" : describe(exchange),
                outcome.reason(), outcome.httpStatus(), elapsedMillis(exchange));
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(outcome);
    }

    /**
     * Whether the last PATCH may have reached the ATS although no success came back: it timed out at Kombo, or
     * the answer was lost after the request went out. A refused connection never sent anything.
     */
    boolean mayHaveBeenApplied(Throwable cause) {
        if (cause instanceof KomboApiException kombo) {
            return policy.actionFor(kombo.error()) == KomboAction.VERIFY;
        }
        return cause instanceof IOException && !(cause instanceof java.net.ConnectException)
                && !(cause instanceof org.apache.hc.client5.http.ConnectTimeoutException)
                && !(cause instanceof java.net.UnknownHostException);
    }

    private static void setIdentity(Message in, Integration integration) {
        in.setHeader("Authorization", "Bearer " + integration.apiKey());
        in.setHeader("X-Integration-Id", integration.id());
        in.setHeader("Accept", "application/json");
    }

    private static String idempotencyKey(InterviewUpdate update) {
        return update.integrationId() + "\n" + update.idempotencyKey();
    }

    /** The update an exchange carries, for the log lines of its retries. */
    public static String describeAttempt(Exchange exchange) {
        return exchange.getProperty(UPDATE) == null ? "update" : "update " + describe(exchange);
    }

    private static String describe(Exchange exchange) {
        InterviewUpdate update = exchange.getProperty(UPDATE, InterviewUpdate.class);
        return update.integrationId() + " application " + update.applicationId() + " interview "
                + update.interviewId();
    }

    private static long elapsedMillis(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
