package dev.kombo.interviews.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The comparison point for the bundle's outbound sync: a plain Java program (JDK HttpClient + Jackson
 * streaming) that pages through {@code GET /ats/interviews} and writes the same NDJSON files as the file
 * sink ({@code SinkFiles}, layout {@code ndjson}), with no validation, retries, checkpoints or Camel. What
 * it reaches is the practical limit of the machine for this job.
 *
 * <pre>
 * BaselineSync --base-url http://127.0.0.1:8099/v1 --api-key KEY --integration-id ID [--page-size 250] --out DIR
 * </pre>
 * {@code DIR} plays the part of {@code <kombo.sink.file.folder>/<integration>}. Prints
 * {@code RESULT records=N pages=N millis=N}; fails (exit 1) on any HTTP error.
 */
public final class BaselineSync {

    /** The file sink's run id: the run's start time, as in {@code SyncRun}. */
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    /** Emoji and other characters beyond the BMP as plain UTF-8, as the sink writes them, not as escaped pairs. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String apiKey;
    private final String integrationId;
    private final int pageSize;
    private final Path out;
    private final String runId = RUN_ID.format(Instant.now());
    /** One record at a time: its kind (deleted or not) is only known once it has been read whole. */
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(16 * 1024);
    private final JsonGenerator recordWriter;
    private long records;

    private BaselineSync(Map<String, String> args) throws IOException {
        baseUrl = Args.required(args, "base-url");
        apiKey = Args.required(args, "api-key");
        integrationId = Args.required(args, "integration-id");
        pageSize = Integer.parseInt(args.getOrDefault("page-size", "250"));
        out = Files.createDirectories(Path.of(Args.required(args, "out")));
        recordWriter = JSON.createGenerator(record);
        recordWriter.setRootValueSeparator(null); // one record per line, the newline is ours
    }

    public static void main(String[] argv) throws Exception {
        BaselineSync sync = new BaselineSync(Args.parse(argv, "base-url", "api-key", "integration-id", "page-size",
                "out"));
        long started = System.nanoTime();
        int pages = sync.run();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("RESULT records=%d pages=%d millis=%d%n", sync.records, pages, millis);
    }

    private int run() throws IOException, InterruptedException {
        String cursor = null;
        int page = 0;
        do {
            cursor = fetchPage(++page, cursor);
        } while (cursor != null);
        return page;
    }

    /** Fetches and writes one page; returns {@code data.next}. */
    private String fetchPage(int number, String cursor) throws IOException, InterruptedException {
        String query = "page_size=" + pageSize + "&include_deleted=true"
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/ats/interviews?" + query))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-Integration-Id", integrationId)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("page " + number + ": HTTP " + response.statusCode() + " "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            try (JsonParser json = JSON.createParser(body)) {
                PageFiles files = new PageFiles(number);
                String next = readPage(json, files);
                files.complete(); // only now: a page that failed half-way stays .inprogress, as the sink's would
                return next;
            }
        }
    }

    /** Walks {@code {"data": {"next": …, "results": […]}}} in whatever order the fields come. */
    private String readPage(JsonParser json, PageFiles files) throws IOException {
        String next = null;
        expect(json.nextToken(), JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            JsonToken value = json.nextToken();
            if (!json.currentName().equals("data")) {
                json.skipChildren();
                continue;
            }
            expect(value, JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                value = json.nextToken();
                if (field.equals("next")) {
                    next = value == JsonToken.VALUE_NULL ? null : json.getText();
                } else if (field.equals("results")) {
                    expect(value, JsonToken.START_ARRAY);
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        files.add(copyRecord(json), record);
                        records++;
                    }
                } else {
                    json.skipChildren();
                }
            }
        }
        return next == null || next.isEmpty() ? null : next;
    }

    /**
     * Copies the record the parser is at into {@link #record}, event by event (no tree), and tells whether
     * it is deleted: its top-level {@code remote_deleted_at} is not null.
     */
    private boolean copyRecord(JsonParser json) throws IOException {
        record.reset();
        boolean deleted = false;
        int depth = 0;
        JsonToken token = json.currentToken();
        do {
            if (depth == 1 && token != JsonToken.FIELD_NAME && "remote_deleted_at".equals(json.currentName())) {
                deleted = token != JsonToken.VALUE_NULL;
            }
            recordWriter.copyCurrentEvent(json);
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        } while (depth > 0 && (token = json.nextToken()) != null);
        recordWriter.flush();
        return deleted;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("unexpected page shape: " + actual + " where " + expected + " belongs");
        }
    }

    /**
     * The page's {@code interviews-<run>-p00001.ndjson} and {@code ….deleted.ndjson}, created on their first
     * record (as the sink writes no empty file) under {@code .inprogress-<name>} and renamed when complete.
     */
    private final class PageFiles {
        private final String base;
        private OutputStream live;
        private OutputStream deleted;

        PageFiles(int number) {
            base = String.format("interviews-%s-p%05d", runId, number);
        }

        void add(boolean isDeleted, ByteArrayOutputStream json) throws IOException {
            OutputStream file = isDeleted ? (deleted != null ? deleted : (deleted = open(".deleted.ndjson")))
                    : (live != null ? live : (live = open(".ndjson")));
            json.writeTo(file);
            file.write('\n');
        }

        private OutputStream open(String suffix) throws IOException {
            return new BufferedOutputStream(Files.newOutputStream(out.resolve(".inprogress-" + base + suffix)),
                    64 * 1024);
        }

        void complete() throws IOException {
            finish(live, ".ndjson");
            finish(deleted, ".deleted.ndjson");
        }

        private void finish(OutputStream file, String suffix) throws IOException {
            if (file != null) {
                file.close();
                Files.move(out.resolve(".inprogress-" + base + suffix), out.resolve(base + suffix),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
