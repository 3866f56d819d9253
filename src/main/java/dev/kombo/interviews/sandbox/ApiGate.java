package dev.kombo.interviews.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The checks every Kombo API request passes, in Kombo's order: API key, {@code X-Integration-Id},
 * integration exists, the integration's rate-limit window ({@link RateLimitWindows}), integration state, then
 * (for GETs) injected faults. Reusable by further endpoints such as the PATCH.
 */
public final class ApiGate {

    /** The integration a request may proceed for, and a fault that changes its answer (or null). */
    public record Admission(String integrationId, Fault fault) {
    }

    static final String INTEGRATION_HEADER = "X-Integration-Id";

    private final String apiKey;
    private final InterviewStore store;
    private final FaultInjector faults;
    private final KomboResponses responses;

    ApiGate(String apiKey, InterviewStore store, FaultInjector faults, KomboResponses responses) {
        this.apiKey = apiKey;
        this.store = store;
        this.faults = faults;
        this.responses = responses;
    }

    /**
     * Admits the request or answers it.
     *
     * @param withFaults whether injected faults apply (they do for GETs)
     * @return the admission, or null when the request was already answered with an error or a fault
     */
    public Admission admit(HttpExchange exchange, boolean withFaults) throws IOException {
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            responses.error(exchange, KomboErrors.AUTHENTICATION_INVALID,
                    "The API key is missing or invalid. Send it as \"Authorization: Bearer <key>\".", 1, false);
            return null;
        }
        String integrationId = exchange.getRequestHeaders().getFirst(INTEGRATION_HEADER);
        if (integrationId == null || integrationId.isBlank()) {
            responses.error(exchange, KomboErrors.INPUT_INVALID,
                    "The \"X-Integration-Id\" header is required.", 1, false);
            return null;
        }
        if (!store.hasIntegration(integrationId)) {
            responses.error(exchange, KomboErrors.INTEGRATION_NOT_FOUND,
                    "No integration with the ID \"" + integrationId + "\" exists.");
            return null;
        }
        RateLimitWindows.Quota quota = RateLimitWindows.quotaOf(exchange);
        if (quota != null && quota.exceeded()) {
            responses.error(exchange, KomboErrors.RATE_LIMIT_EXCEEDED, "You have exceeded the rate limit of "
                    + quota.limit() + " requests per " + RateLimitWindows.WINDOW_SECONDS + " seconds. Please retry after "
                    + quota.resetSeconds() + " seconds.", quota.resetSeconds(), true);
            return null;
        }
        String state = store.state(integrationId).orElse(null);
        if (state != null) {
            responses.error(exchange, state, "The integration \"" + integrationId + "\" is in the state " + state
                    + ": " + KomboErrors.title(state));
            return null;
        }
        Fault fault = withFaults ? faults.next(integrationId).orElse(null) : null;
        if (fault != null && answerFault(exchange, fault)) {
            return null;
        }
        return new Admission(integrationId, fault);
    }

    private boolean authorized(String header) {
        if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return header.substring(7).trim().equals(apiKey);
    }

    /**
     * Answers terminal faults; SLOW only delays, CURSOR_CYCLE and INVALID_RECORD are left to the page writer. Shared with the
     * PATCH handler, which applies the update before it answers TASK_TIMED_OUT_APPLIED here.
     *
     * @return true if the exchange was answered
     */
    boolean answerFault(HttpExchange exchange, Fault fault) throws IOException {
        switch (fault.kind()) {
            case RATE_LIMIT -> responses.error(exchange, KomboErrors.RATE_LIMIT_EXCEEDED,
                    "You have exceeded the rate limit. Please retry after " + fault.amount() + " seconds.",
                    fault.amount(), true);
            case REMOTE_RATE_LIMIT -> responses.error(exchange, KomboErrors.REMOTE_RATE_LIMIT_EXCEEDED,
                    "The ATS rate-limited Kombo. Please retry later.", fault.amount(), true);
            case SERVICE_UNAVAILABLE_HTML -> responses.html(exchange, 503, "Service Temporarily Unavailable");
            case BAD_GATEWAY_HTML -> responses.html(exchange, 502, "Bad Gateway");
            case GATEWAY_TIMEOUT_EMPTY -> responses.empty(exchange, 504);
            case REMOTE_UNAVAILABLE -> responses.error(exchange, KomboErrors.REMOTE_SERVICE_UNAVAILABLE,
                    "The ATS is currently not reachable.");
            case NULL_CODE -> responses.untypedError(exchange, 500, "Something went wrong on our side.");
            case ERROR_CODE -> responses.error(exchange, fault.code(), "Injected error: " + fault.code());
            case TASK_TIMED_OUT_APPLIED -> responses.error(exchange, KomboErrors.TASK_TIMED_OUT,
                    "The action timed out. It may still have been carried out in the remote system.");
            case NOT_JSON_PAGE -> responses.raw(exchange, 200, KomboResponses.JSON,
                    "{\"status\":\"success\",\"data\":{\"next\":\"<html>upstream reset".getBytes(StandardCharsets.UTF_8));
            case MISSING_RESULTS -> responses.raw(exchange, 200, KomboResponses.JSON,
                    "{\"status\":\"success\",\"data\":{\"next\":null}}".getBytes(StandardCharsets.UTF_8));
            case SLOW -> {
                pause(fault.amount());
                return false;
            }
            case CURSOR_CYCLE, INVALID_RECORD -> {
                return false;
            }
        }
        return true;
    }

    /** Blocks the worker thread on purpose: the point is a slow answer. */
    static void pause(long millis) throws IOException {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying the answer", e);
        }
    }
}
