package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** {@code GET /v1/ats/interviews}: admission, query validation, one page streamed as JSON. */
final class InterviewsHandler implements HttpHandler {

    static final String PATH = "/v1/ats/interviews";

    private final InterviewStore store;
    private final ApiGate gate;
    private final FaultInjector faults;
    private final CursorCodec cursors;
    private final KomboResponses responses;
    private final RequestLog requests;

    InterviewsHandler(InterviewStore store, ApiGate gate, FaultInjector faults, CursorCodec cursors,
                      KomboResponses responses, RequestLog requests) {
        this.store = store;
        this.gate = gate;
        this.faults = faults;
        this.cursors = cursors;
        this.responses = responses;
        this.requests = requests;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            responses.untypedError(exchange, 404, "Route " + exchange.getRequestMethod() + " " + path + " not found.");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            responses.untypedError(exchange, 405, "Method " + exchange.getRequestMethod() + " is not allowed here.");
            return;
        }
        String named = exchange.getRequestHeaders().getFirst(ApiGate.INTEGRATION_HEADER);
        if (named != null) {
            requests.countGet(named);
        }
        ApiGate.Admission admission = gate.admit(exchange, true);
        if (admission == null) {
            return;
        }
        String integrationId = admission.integrationId();
        InterviewStore.Page page;
        InterviewQuery query;
        long filterHash;
        try {
            query = InterviewQuery.parse(exchange.getRequestURI().getRawQuery());
            filterHash = query.filterHash(integrationId);
            int start = query.cursor() == null ? 0 : cursors.decode(query.cursor(), filterHash);
            page = store.page(integrationId, resolve(integrationId, query, start));
        } catch (InvalidInputException e) {
            responses.error(exchange, KomboErrors.INPUT_INVALID, e.getMessage());
            return;
        }
        String next = page.nextIndex() < 0 ? null : cursors.encode(page.nextIndex(), filterHash);
        if (admission.fault() != null && admission.fault().kind() == Fault.Kind.CURSOR_CYCLE) {
            // point back to where this run already was, so a naive client loops
            next = query.cursor() != null ? query.cursor() : cursors.encode(0, filterHash);
        }
        if (faults.latencyMs() > 0) {
            ApiGate.pause(faults.latencyMs());
        }
        exchange.getResponseHeaders().set("Content-Type", KomboResponses.JSON);
        boolean gzip = acceptsGzip(exchange);
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        }
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = gzip ? new FastGzip(exchange.getResponseBody()) : exchange.getResponseBody()) {
            if (admission.fault() != null && admission.fault().kind() == Fault.Kind.INVALID_RECORD) {
                writeWithInvalidFirstRecord(body, page, next);
                return;
            }
            try (JsonGenerator json = responses.jsonFactory().createGenerator(body)) {
                InterviewJsonWriter.writePage(json, page.results(), next);
            }
        }
    }

    /** gzip when the client asks for it, as HTTP fronts of APIs do (HttpClient 5 and fetch ask by default). */
    private static boolean acceptsGzip(HttpExchange exchange) {
        return exchange.getRequestHeaders().getOrDefault("Accept-Encoding", java.util.List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(coding -> coding.trim().toLowerCase(Locale.ROOT))
                .anyMatch(coding -> coding.equals("gzip")
                        || coding.startsWith("gzip;") && !coding.replace(" ", "").matches("gzip;q=0(\\.0*)?"));
    }

    /** gzip at level 1 (nginx's default gzip_comp_level): the emulator's CPU is not what a client measures. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** The page as usual, except that its first record breaks the schema the way a buggy upstream might. */
    private void writeWithInvalidFirstRecord(OutputStream out, InterviewStore.Page page, String next)
            throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JsonGenerator json = responses.jsonFactory().createGenerator(buffer)) {
            InterviewJsonWriter.writePage(json, page.results(), next);
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(buffer.toByteArray());
        com.fasterxml.jackson.databind.JsonNode first = root.path("data").path("results").path(0);
        if (first instanceof com.fasterxml.jackson.databind.node.ObjectNode record) {
            record.remove("changed_at");
            record.put("canceled", "maybe");
        }
        mapper.writeValue(out, root);
    }

    /** Translates the id-based filters into record indexes; unknown ids simply match nothing. */
    private PageQuery resolve(String integrationId, InterviewQuery query, int start) {
        int[] indexes = null;
        if (!query.ids().isEmpty()) {
            indexes = indexes(query.ids(), id -> store.indexOfId(integrationId, id));
        }
        if (!query.remoteIds().isEmpty()) {
            int[] byRemoteId = indexes(query.remoteIds(), id -> store.indexOfRemoteId(integrationId, id));
            indexes = indexes == null ? byRemoteId
                    : Arrays.stream(indexes).filter(i -> Arrays.binarySearch(byRemoteId, i) >= 0).toArray();
        }
        boolean[] jobs = null;
        if (!query.jobIds().isEmpty()) {
            jobs = new boolean[InterviewGenerator.JOB_POOL];
            for (String jobId : query.jobIds()) {
                int job = store.jobIndexOf(integrationId, jobId);
                if (job >= 0 && job < jobs.length) {
                    jobs[job] = true;
                }
            }
        }
        return new PageQuery(start, query.pageSize(), query.updatedAfterMillis(), query.includeDeleted(), indexes,
                jobs);
    }

    private static int[] indexes(Set<String> ids, ToIntFunction<String> lookup) {
        return ids.stream().mapToInt(lookup).filter(i -> i >= 0).sorted().distinct().toArray();
    }
}
