package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PATCH /v1/ats/applications/{application_id}/interviews} (Kombo's closed-beta "update interview").
 *
 * <p>Order, as Kombo would: API key, {@code X-Integration-Id}, integration exists, integration state
 * (the {@link ApiGate}), then the per-integration concurrency cap (429
 * {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED}), then an injected PATCH fault for this application (see
 * {@link KomboSandbox#patchFaults()}), then the per-PATCH latency, then the body
 * ({@link PatchRequestValidator}), then the update is applied and the interview answered in the GET model
 * as {@code {"status":"success","data":{...}}}. A PATCH holds its concurrency slot from the cap check until
 * its answer is about to be written. Every answer carries {@code Concurrency-Limit} and
 * {@code Concurrency-Remaining}, and every PATCH lands in the {@link PatchLog}.
 */
final class InterviewUpdateHandler implements HttpHandler {

    static final String PATH = "/v1/ats/applications/";
    private static final Pattern ROUTE = Pattern.compile("^/v1/ats/applications/([^/]+)/interviews/?$");
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int LOGGED_BODY_CHARS = 64 * 1024;

    /** Writes the answer once the concurrency slot is given back, so a client's next PATCH finds it free. */
    @FunctionalInterface
    private interface Answer {
        void write() throws IOException;
    }

    private final InterviewStore store;
    private final ApiGate gate;
    private final FaultInjector faults;
    private final PatchConcurrency concurrency;
    private final PatchRequestValidator validator;
    private final PatchLog log;
    private final KomboResponses responses;

    InterviewUpdateHandler(InterviewStore store, ApiGate gate, FaultInjector faults, PatchConcurrency concurrency,
                           PatchRequestValidator validator, PatchLog log, KomboResponses responses) {
        this.store = store;
        this.gate = gate;
        this.faults = faults;
        this.concurrency = concurrency;
        this.validator = validator;
        this.log = log;
        this.responses = responses;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Matcher route = ROUTE.matcher(path);
        if (!route.matches()) {
            responses.untypedError(exchange, 404, "Route " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " not found.");
            return;
        }
        if (!"PATCH".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "PATCH");
            responses.untypedError(exchange, 405, "Method " + exchange.getRequestMethod() + " is not allowed here.");
            return;
        }
        Instant time = Instant.now();
        long started = System.nanoTime();
        String applicationId = URLDecoder.decode(route.group(1), StandardCharsets.UTF_8);
        String named = exchange.getRequestHeaders().getFirst(ApiGate.INTEGRATION_HEADER);
        byte[] body = readBody(exchange);
        String[] appliedTo = new String[1];
        // Logged as the status goes out, not after the answer: a client that reads the log right after
        // its answer must find its PATCH there.
        ObservedExchange observed = new ObservedExchange(exchange, status -> log.add(new PatchLog.Entry(time, named,
                applicationId, headers(exchange), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                body == null ? null : loggedBody(body), status, appliedTo[0], appliedTo[0] != null,
                (System.nanoTime() - started) / 1_000_000)));
        try {
            concurrencyHeaders(observed, concurrency.remaining(named));
            if (body == null) {
                responses.error(observed, 413, KomboErrors.INPUT_INVALID,
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
                return;
            }
            ApiGate.Admission admission = gate.admit(observed, false);
            if (admission == null) {
                return;
            }
            String integrationId = admission.integrationId();
            int remaining = concurrency.tryAcquire(integrationId);
            if (remaining < 0) {
                responses.error(observed, KomboErrors.CONCURRENCY_LIMIT_EXCEEDED, "More than "
                        + concurrency.limit() + " actions are in flight for integration \"" + integrationId
                        + "\". Retry with exponential back-off.");
                return;
            }
            concurrencyHeaders(observed, remaining);
            Answer answer;
            try {
                answer = process(observed, integrationId, applicationId, body, appliedTo);
            } finally {
                concurrency.release(integrationId);
            }
            answer.write();
        } finally {
            observed.announceUnlessSent(500); // the RecordingHandler then answers 500
        }
    }

    /** Everything done while holding a concurrency slot; returns how to answer. */
    private Answer process(HttpExchange exchange, String integrationId, String applicationId, byte[] body,
                           String[] appliedTo) throws IOException {
        Fault fault = faults.next(integrationId, applicationId).orElse(null);
        if (fault != null && fault.kind() == Fault.Kind.SLOW) {
            ApiGate.pause(fault.amount());
            fault = null;
        }
        if (fault != null && fault.kind() != Fault.Kind.TASK_TIMED_OUT_APPLIED) {
            Fault terminal = fault;
            return () -> gate.answerFault(exchange, terminal);
        }
        if (faults.latencyMs() > 0) {
            ApiGate.pause(faults.latencyMs());
        }
        PatchRequestValidator.Verdict verdict = validator.check(integrationId, applicationId, body);
        if (!verdict.valid()) {
            return () -> responses.error(exchange, verdict.status(), verdict.code(), verdict.message());
        }
        Interview updated;
        try {
            updated = store.update(integrationId, verdict.interviewId(), verdict.changes());
        } catch (NoSuchElementException | IllegalArgumentException e) {
            // only reachable if the store changed under us; the validator normally catches these first
            return () -> responses.error(exchange, KomboErrors.REMOTE_INPUT_INVALID, "The ATS refused the update: "
                    + e.getMessage());
        }
        log.countApplied(integrationId, updated.id());
        appliedTo[0] = updated.id();
        if (fault != null) { // TASK_TIMED_OUT_APPLIED: applied above, yet the client hears a timeout
            Fault timedOut = fault;
            return () -> gate.answerFault(exchange, timedOut);
        }
        return () -> success(exchange, updated);
    }

    private void success(HttpExchange exchange, Interview interview) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", KomboResponses.JSON);
        exchange.sendResponseHeaders(200, 0);
        try (JsonGenerator json = responses.jsonFactory().createGenerator(exchange.getResponseBody())) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeFieldName("data");
            InterviewJsonWriter.write(json, interview);
            json.writeEndObject();
        }
    }

    private void concurrencyHeaders(HttpExchange exchange, int remaining) {
        exchange.getResponseHeaders().set("Concurrency-Limit", Integer.toString(concurrency.limit()));
        exchange.getResponseHeaders().set("Concurrency-Remaining", Integer.toString(remaining));
    }

    /** The body, or null when it is too large to take. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                in.transferTo(OutputStream.nullOutputStream()); // drain, so the answer reaches the client
                return null;
            }
            return body;
        }
    }

    private static String loggedBody(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > LOGGED_BODY_CHARS ? text.substring(0, LOGGED_BODY_CHARS) : text;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String canonical = canonical(name);
            String value = String.join(", ", values);
            headers.put(canonical, canonical.equals("Authorization") ? mask(value) : value);
        });
        return headers;
    }

    /** The JDK lower-cases header names after the first letter; tests look for {@code X-Integration-Id}. */
    private static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static String mask(String authorization) {
        int space = authorization.indexOf(' ');
        return (space > 0 ? authorization.substring(0, space) : "Bearer") + " ***";
    }
}
