package dev.kombo.interviews.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The comparison point for the bundle's outbound sync: the best plain Java program for the job that we could
 * write. It pages through {@code GET /ats/interviews} with the JDK HttpClient (gzip asked for, as camel-http's
 * HttpClient 5 asks by default) and writes the same NDJSON files as the file sink ({@code SinkFiles}, layout
 * {@code ndjson}), byte for byte: the records' bytes sliced out of the page as Kombo sent them (Jackson's
 * streaming parser finds where each record starts and ends), no tree, no schema check, no retries,
 * checkpoints or Camel.
 * <p>
 * Pipelined: one thread fetches, another writes. The fetcher reads page N, hands it over and asks for page N+1
 * at once, so Kombo's time for page N+1 overlaps the writing of page N (the queue lets it run up to
 * {@code --ahead} pages ahead, default 1). Each page's file is written whole under {@code .inprogress-<name>},
 * then renamed, as the sink does; {@code --fsync true} forces each file to disk before the rename and the folder
 * once the page's files are renamed, as the file sink does with {@code kombo.sink.file.force-to-disk} (camel-file 4.18's own
 * {@code forceWrites} is never applied: {@code FileOperations} calls no {@code force}).
 *
 * <pre>
 * BaselineSync --base-url http://127.0.0.1:8099/v1 --api-key KEY --integration-id ID [--page-size 250] --out DIR
 *              [--fsync false] [--ahead 1] [--gzip true]
 * </pre>
 * {@code DIR} plays the part of {@code <kombo.sink.file.folder>/<integration>}. Prints
 * {@code RESULT records=N pages=N millis=N}; fails (exit 1) on any HTTP error.
 */
public final class BaselineSync {

    /** The file sink's run id: the run's start time, as in {@code SyncRun}. */
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();
    /** What the fetcher hands over when it is done (or failed). */
    private static final Page END = new Page(0, null, null);

    /** A fetched page: its number, its JSON (decompressed) and the cursor of the next one. */
    private record Page(int number, byte[] json, String next) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String apiKey;
    private final String integrationId;
    private final int pageSize;
    private final Path out;
    private final boolean fsync;
    private final boolean gzip;
    private final BlockingQueue<Page> fetched;
    private final String runId = RUN_ID.format(Instant.now());
    private final ByteArrayOutputStream live = new ByteArrayOutputStream(1024 * 1024);
    private final ByteArrayOutputStream deleted = new ByteArrayOutputStream(64 * 1024);
    private volatile Exception fetchFailure;
    private long records;

    private BaselineSync(Map<String, String> args) throws IOException {
        baseUrl = Args.required(args, "base-url");
        apiKey = Args.required(args, "api-key");
        integrationId = Args.required(args, "integration-id");
        pageSize = Integer.parseInt(args.getOrDefault("page-size", "250"));
        out = Files.createDirectories(Path.of(Args.required(args, "out")));
        fsync = Boolean.parseBoolean(args.getOrDefault("fsync", "false"));
        gzip = Boolean.parseBoolean(args.getOrDefault("gzip", "true"));
        fetched = new ArrayBlockingQueue<>(Math.max(1, Integer.parseInt(args.getOrDefault("ahead", "1"))));
    }

    public static void main(String[] argv) throws Exception {
        BaselineSync sync = new BaselineSync(Args.parse(argv, "base-url", "api-key", "integration-id", "page-size",
                "out", "fsync", "ahead", "gzip"));
        long started = System.nanoTime();
        int pages = sync.run();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("RESULT records=%d pages=%d millis=%d%n", sync.records, pages, millis);
    }

    private int run() throws Exception {
        Thread fetcher = new Thread(this::fetchAll, "fetcher");
        fetcher.start();
        int pages = 0;
        for (Page page; (page = fetched.take()) != END; ) {
            write(page);
            pages++;
        }
        fetcher.join();
        if (fetchFailure != null) {
            throw fetchFailure;
        }
        return pages;
    }

    private void fetchAll() {
        try {
            String cursor = null;
            int number = 0;
            do {
                Page page = fetch(++number, cursor);
                fetched.put(page); // blocks while the writer is --ahead pages behind
                cursor = page.next();
            } while (cursor != null);
            fetched.put(END);
        } catch (Exception e) {
            fetchFailure = e;
            fetched.clear(); // the pages not written yet are dropped: the run failed
            fetched.offer(END);
        }
    }

    private Page fetch(int number, String cursor) throws IOException, InterruptedException {
        String query = "page_size=" + pageSize + "&include_deleted=true"
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/ats/interviews?" + query))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-Integration-Id", integrationId)
                .header("Accept", "application/json");
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<InputStream> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean gzipped = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
        try (InputStream body = gzipped ? new GZIPInputStream(response.body(), 64 * 1024) : response.body()) {
            byte[] json = body.readAllBytes();
            if (response.statusCode() != 200) {
                throw new IOException("page " + number + ": HTTP " + response.statusCode() + " "
                        + new String(json, StandardCharsets.UTF_8));
            }
            return new Page(number, json, next(json));
        }
    }

    /** {@code data.next}: Kombo sends it before the results, so only the start of the page is read. */
    private static String next(byte[] page) throws IOException {
        try (JsonParser json = JSON.createParser(page)) {
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
                        String next = value == JsonToken.VALUE_NULL ? null : json.getText();
                        return next == null || next.isEmpty() ? null : next;
                    }
                    json.skipChildren();
                }
            }
            throw new IllegalStateException("the page has no data.next");
        }
    }

    /** Slices the page's records into the live and the deleted file, then writes both. */
    private void write(Page page) throws IOException {
        live.reset();
        deleted.reset();
        byte[] bytes = page.json();
        try (JsonParser json = JSON.createParser(bytes)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                json.nextToken();
                if (!json.currentName().equals("data")) {
                    json.skipChildren();
                    continue;
                }
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    if (json.nextToken() == JsonToken.START_ARRAY && field.equals("results")) {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            int from = (int) json.currentTokenLocation().getByteOffset();
                            boolean isDeleted = isDeleted(json);
                            int to = (int) json.currentLocation().getByteOffset();
                            appendLine(isDeleted ? deleted : live, bytes, from, to);
                            records++;
                        }
                    } else {
                        json.skipChildren();
                    }
                }
            }
        }
        String base = String.format("interviews-%s-p%05d", runId, page.number());
        writeFile(base + ".ndjson", live);
        writeFile(base + ".deleted.ndjson", deleted);
        if (fsync) {
            try (FileChannel folder = FileChannel.open(out, StandardOpenOption.READ)) {
                folder.force(true); // the renames too, once a page, as the file sink forces its folder
            }
        }
    }

    /** Walks one record to its end; deleted when its top-level {@code remote_deleted_at} is not null. */
    private static boolean isDeleted(JsonParser json) throws IOException {
        boolean deleted = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            boolean marker = json.currentName().equals("remote_deleted_at");
            JsonToken value = json.nextToken();
            if (marker) {
                deleted = value != JsonToken.VALUE_NULL;
            }
            json.skipChildren();
        }
        return deleted;
    }

    /** The record as one NDJSON line: line breaks between tokens become spaces, as in the sink. */
    private static void appendLine(ByteArrayOutputStream file, byte[] page, int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (page[i] == '\n' || page[i] == '\r') {
                file.write(page, start, i - start);
                file.write(' ');
                start = i + 1;
            }
        }
        file.write(page, start, to - start);
        file.write('\n');
    }

    /** As the sink: no empty file; {@code .inprogress-<name>} renamed when complete. */
    private void writeFile(String name, ByteArrayOutputStream content) throws IOException {
        if (content.size() == 0) {
            return;
        }
        Path temp = out.resolve(".inprogress-" + name);
        try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            content.writeTo(Channels.newOutputStream(file)); // the buffer itself, not a copy
            if (fsync) {
                file.force(false);
            }
        }
        Files.move(temp, out.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("unexpected page shape: " + actual + " where " + expected + " belongs");
        }
    }
}
