package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API under {@code /sandbox}: JSON in and out, no bearer token (the sandbox binds to
 * loopback by default). Mirrors the Java API of {@link KomboSandbox} for demos and non-Java tests.
 *
 * <pre>
 * GET  /sandbox/integrations                      ids, counts, states, GET counts
 * POST /sandbox/integrations                      {"id": "...", "count": 500}
 * POST /sandbox/integrations/{id}/state           {"code": "INTEGRATION.AUTHENTICATION_INVALID"} or {"code": null}
 * POST /sandbox/integrations/{id}/touch           {"count": 5} or {"ids": ["..."]}  -> {"ids": [...]}
 * POST /sandbox/integrations/{id}/delete          {"count": 5}                      -> {"ids": [...]}
 * GET  /sandbox/faults                            current fault configuration
 * POST /sandbox/faults/script                     {"fault": "RATE_LIMIT(2)", "count": 3, "integration_id": null}
 * POST /sandbox/faults/rate                       {"fault": "SERVICE_UNAVAILABLE_HTML", "fraction": 0.1}
 * POST /sandbox/faults/latency                    {"ms": 50}
 * POST /sandbox/faults/clear
 * GET  /sandbox/requests?limit=50                 recent requests, newest first, and GETs per integration
 * GET  /sandbox/logs/{logId}                      the request behind an error's log_url
 *
 * PATCH /v1/ats/applications/{application_id}/interviews (faults here never touch GETs, nor the above PATCHes):
 * GET  /sandbox/patch-faults                      current PATCH fault configuration
 * POST /sandbox/patch-faults/script               {"fault": "ERROR_CODE(ATS.JOB_CLOSED)", "application_id": "A1", "count": 2}
 *                                                 the next 2 PATCHes for application A1; "until_cleared": true
 *                                                 instead of "count": every PATCH for A1 until cleared;
 *                                                 "integration_id" narrows further, both optional
 * POST /sandbox/patch-faults/rate                 {"fault": "RATE_LIMIT(2)", "fraction": 0.1, "application_id": null}
 * POST /sandbox/patch-faults/latency              {"ms": 300}     every admitted PATCH takes this long
 * POST /sandbox/patch-faults/clear                {} everything, or {"application_id": "A1"} that application's faults
 * GET  /sandbox/patch-concurrency                 {"limit": 30, "in_flight": {"<integration>": 2}}
 * POST /sandbox/patch-concurrency                 {"limit": 2}    per integration, effective at once
 * GET  /sandbox/patches?limit=50                  PATCHes received, newest first (Authorization masked, raw
 *                                                 body, Idempotency-Key, status) and applied updates per interview
 * POST /sandbox/patches/clear                     forget the PATCH log and applied counts
 * </pre>
 *
 * PATCH fault kinds: {@code RATE_LIMIT(s)}, {@code REMOTE_RATE_LIMIT(s)}, {@code SERVICE_UNAVAILABLE_HTML},
 * {@code BAD_GATEWAY_HTML}, {@code GATEWAY_TIMEOUT_EMPTY}, {@code REMOTE_UNAVAILABLE}, {@code NULL_CODE},
 * {@code ERROR_CODE(<any of the 24 codes>)}, {@code SLOW(ms)} and {@code TASK_TIMED_OUT_APPLIED} (applied,
 * then 504 {@code PLATFORM.TASK_TIMED_OUT}).
 */
final class SandboxAdminHandler implements HttpHandler {

    static final String PATH = "/sandbox";

    private final KomboSandbox sandbox;
    private final InterviewStore store;
    private final FaultInjector faults;
    private final FaultInjector patchFaults;
    private final RequestLog requests;
    private final PatchLog patches;
    private final KomboResponses responses;
    private final ObjectMapper mapper;

    SandboxAdminHandler(KomboSandbox sandbox, ObjectMapper mapper) {
        this.sandbox = sandbox;
        this.store = sandbox.store();
        this.faults = sandbox.faults();
        this.patchFaults = sandbox.patchFaults();
        this.requests = sandbox.requests();
        this.patches = sandbox.patches();
        this.responses = sandbox.responses();
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        String route = exchange.getRequestMethod() + " " + (segments.isEmpty() ? "" : segments.get(0));
        try {
            Object answer = switch (route) {
                case "GET integrations" -> segments.size() == 1 ? integrations() : null;
                case "POST integrations" -> segments.size() == 1 ? addIntegration(body(exchange))
                        : integrationAction(segments, body(exchange));
                case "GET faults" -> faults.describe();
                case "POST faults" -> faultAction(segments, body(exchange));
                case "GET requests" -> requestLog(exchange.getRequestURI().getRawQuery());
                case "GET logs" -> segments.size() == 2
                        ? requests.byLogId(segments.get(1)).map(SandboxAdminHandler::entry).orElse(null) : null;
                case "GET patch-faults" -> segments.size() == 1 ? patchFaults.describe() : null;
                case "POST patch-faults" -> patchFaultAction(segments, body(exchange));
                case "GET patch-concurrency" -> segments.size() == 1 ? patchConcurrency() : null;
                case "POST patch-concurrency" -> segments.size() == 1 ? setPatchConcurrency(body(exchange)) : null;
                case "GET patches" -> segments.size() == 1 ? patchLog(exchange.getRequestURI().getRawQuery()) : null;
                case "POST patches" -> segments.size() == 2 && segments.get(1).equals("clear") ? clearPatches() : null;
                default -> null;
            };
            if (answer == null) {
                responses.json(exchange, 404, Map.of("error", "no such admin route or record: " + route));
            } else {
                responses.json(exchange, 200, answer);
            }
        } catch (IllegalArgumentException | IOException e) {
            responses.json(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private List<Map<String, Object>> integrations() {
        List<Map<String, Object>> list = new ArrayList<>();
        store.integrations().forEach((id, count) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", id);
            item.put("count", count);
            item.put("state", store.state(id).orElse(null));
            item.put("get_requests", requests.gets(id));
            item.put("patches_applied", patches.appliedCount(id));
            item.put("patches_in_flight", sandbox.patchesInFlight(id));
            list.add(item);
        });
        return list;
    }

    private Map<String, Object> addIntegration(JsonNode body) {
        String id = text(body, "id");
        int count = body.path("count").asInt(-1);
        store.addIntegration(id, count);
        return Map.of("id", id, "count", count);
    }

    private Object integrationAction(List<String> segments, JsonNode body) {
        if (segments.size() != 3) {
            return null;
        }
        String integrationId = segments.get(1);
        if (!store.hasIntegration(integrationId)) {
            return null;
        }
        return switch (segments.get(2)) {
            case "state" -> {
                String code = body.path("code").isNull() || body.path("code").isMissingNode() ? null : text(body, "code");
                store.setState(integrationId, code);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("id", integrationId);
                answer.put("state", code);
                yield answer;
            }
            case "touch" -> Map.of("ids", body.has("ids")
                    ? store.touchIds(integrationId, strings(body.get("ids")))
                    : store.touch(integrationId, count(body)));
            case "delete" -> Map.of("ids", store.delete(integrationId, count(body)));
            default -> null;
        };
    }

    private Object faultAction(List<String> segments, JsonNode body) {
        if (segments.size() != 2) {
            return null;
        }
        switch (segments.get(1)) {
            case "script" -> {
                String integrationId = body.path("integration_id").isTextual() ? body.get("integration_id").asText() : null;
                faults.script(integrationId, body.path("count").asInt(1), Fault.parse(text(body, "fault")));
            }
            case "rate" -> faults.rate(Fault.parse(text(body, "fault")), body.path("fraction").asDouble(-1));
            case "latency" -> faults.latencyMs(body.path("ms").asLong(-1));
            case "clear" -> faults.clear();
            default -> {
                return null;
            }
        }
        return faults.describe();
    }

    private Object patchFaultAction(List<String> segments, JsonNode body) {
        if (segments.size() != 2) {
            return null;
        }
        String integrationId = optionalText(body, "integration_id");
        String applicationId = optionalText(body, "application_id");
        switch (segments.get(1)) {
            case "script" -> {
                Fault fault = Fault.parse(text(body, "fault"));
                if (body.path("until_cleared").asBoolean(false)) {
                    patchFaults.always(integrationId, applicationId, fault);
                } else {
                    patchFaults.script(integrationId, applicationId, body.path("count").asInt(1), fault);
                }
            }
            case "rate" -> patchFaults.rate(applicationId, Fault.parse(text(body, "fault")),
                    body.path("fraction").asDouble(-1));
            case "latency" -> patchFaults.latencyMs(body.path("ms").asLong(-1));
            case "clear" -> {
                if (applicationId != null) {
                    patchFaults.clearApplication(applicationId);
                } else {
                    patchFaults.clear();
                }
            }
            default -> {
                return null;
            }
        }
        return patchFaults.describe();
    }

    private Map<String, Object> patchConcurrency() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("limit", sandbox.patchConcurrencyLimit());
        answer.put("in_flight", sandbox.patchesInFlight());
        return answer;
    }

    private Map<String, Object> setPatchConcurrency(JsonNode body) {
        sandbox.setPatchConcurrencyLimit(body.path("limit").asInt(-1));
        return patchConcurrency();
    }

    private Map<String, Object> patchLog(String rawQuery) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", patches.received());
        Map<String, Object> applied = new LinkedHashMap<>();
        store.integrations().keySet().forEach(id -> {
            Map<String, Long> perInterview = patches.appliedPerInterview(id);
            if (!perInterview.isEmpty()) {
                applied.put(id, perInterview);
            }
        });
        answer.put("applied", applied);
        answer.put("patches", patches.recent(limit(rawQuery)).stream().map(SandboxAdminHandler::patch).toList());
        return answer;
    }

    private Map<String, Object> clearPatches() {
        patches.clear();
        return Map.of("received", patches.received());
    }

    private static Map<String, Object> patch(PatchLog.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", Timestamps.format(entry.time()));
        view.put("integration_id", entry.integrationId());
        view.put("application_id", entry.applicationId());
        view.put("headers", entry.headers());
        view.put("idempotency_key", entry.idempotencyKey());
        view.put("body", entry.body());
        view.put("status", entry.status());
        view.put("applied", entry.applied());
        view.put("interview_id", entry.interviewId());
        view.put("duration_ms", entry.durationMillis());
        return view;
    }

    private static int limit(String rawQuery) {
        int limit = 100;
        if (rawQuery != null && rawQuery.startsWith("limit=")) {
            try {
                limit = Integer.parseInt(rawQuery.substring("limit=".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be an integer");
            }
        }
        return Math.max(0, limit);
    }

    private Map<String, Object> requestLog(String rawQuery) {
        int limit = limit(rawQuery);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("gets_per_integration", requests.getsPerIntegration());
        answer.put("requests", requests.recent(Math.max(0, limit)).stream().map(SandboxAdminHandler::entry).toList());
        return answer;
    }

    private static Map<String, Object> entry(RequestLog.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", Timestamps.format(entry.time()));
        view.put("method", entry.method());
        view.put("path", entry.path());
        view.put("query", entry.query());
        view.put("headers", entry.headers());
        view.put("status", entry.status());
        view.put("duration_ms", entry.durationMillis());
        view.put("log_id", entry.logId());
        return view;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
        }
    }

    private static String optionalText(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.get(field).asText() : null;
    }

    private static int count(JsonNode body) {
        int count = body.path("count").asInt(-1);
        if (count < 0) {
            throw new IllegalArgumentException("\"count\" must be a non-negative integer");
        }
        return count;
    }

    private static String text(JsonNode body, String field) {
        if (!body.path(field).isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return body.get(field).asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    /** Path segments after {@code /sandbox}, URL-decoded (integration ids contain colons). */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.substring(PATH.length()).split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }
}
