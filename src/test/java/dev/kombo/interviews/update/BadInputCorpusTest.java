package dev.kombo.interviews.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.update.InvalidUpdateCorpus.Case;
import dev.kombo.interviews.update.InvalidUpdateCorpus.Category;
import dev.kombo.interviews.update.InvalidUpdateCorpus.Target;

/**
 * "Bad input on the inbound side": a generated corpus of more than 10,000 invalid update requests through the
 * three entry points. Every one is refused with a field-level reason, none reaches Kombo, the bundle keeps
 * serving and its heap stays bounded.
 */
class BadInputCorpusTest extends BundleTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BadInputCorpusTest.class);
    private static final long SEED = 20261125L;
    private static final int HTTP_CASES = 9_400;
    private static final int FILE_CASES = 400;
    private static final int JMS_CASES = 400;
    private static final int IN_FLIGHT = 8;
    private static final int BIG = 10 * 1024 * 1024;
    private static final long HEAP_HEADROOM = 64L * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** failures, at most a few per category are kept verbatim, all are counted */
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> failureCounts = new ConcurrentHashMap<>();
    private final AtomicInteger transportRetries = new AtomicInteger();
    private final Map<Integer, AtomicInteger> httpStatuses = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** off during the warm-up: its answers are not checked */
    private volatile boolean recording = true;

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "50");
        return p;
    }

    private void fail(String entryPoint, Case c, String what) {
        if (!recording) {
            return;
        }
        int n = failureCounts.computeIfAbsent(entryPoint + "/" + c.category(), k -> new AtomicInteger()).incrementAndGet();
        if (n <= 5) {
            failures.add(entryPoint + " " + c.name() + " (" + c.description() + ", field " + c.field() + "): " + what);
        }
    }

    @Test
    void every_bad_request_is_refused_with_a_field_level_reason_and_none_reaches_kombo() throws Exception {
        int limit = Integer.parseInt(property("kombo.update.max-body-bytes"));
        List<Case> httpCases = InvalidUpdateCorpus.generate(SEED, Target.HTTP, 0, HTTP_CASES, 6, limit, BIG);
        List<Case> fileCases = InvalidUpdateCorpus.generate(SEED + 1, Target.ENVELOPE, 100_000, FILE_CASES, 4, limit, BIG);
        List<Case> jmsCases = InvalidUpdateCorpus.generate(SEED + 2, Target.ENVELOPE, 200_000, JMS_CASES, 3, limit, BIG);
        assertThat(httpCases.size() + fileCases.size() + jmsCases.size()).isGreaterThanOrEqualTo(10_000);
        Path failed = work.resolve("updates/failed");
        Path inbox = work.resolve("updates/inbox");
        Path done = work.resolve("updates/done");
        try (Connection connection = EmbeddedBroker.connectionFactory(property("jms.broker.url"),
                property("jms.broker.username"), property("jms.broker.password")).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(property("kombo.update.jms.queue")));
            MessageConsumer dlq = session.createConsumer(session.createQueue(property("kombo.update.jms.dead-letter-queue")));

            // warm-up: a small corpus of its own through every entry point, so that pools and caches the first
            // requests fill (broker, HTTP server, Jackson) are in the "before" figure
            List<Case> warmFiles = InvalidUpdateCorpus.generate(SEED + 11, Target.ENVELOPE, 400_000, 22, 2, limit, BIG);
            List<Case> warmQueue = InvalidUpdateCorpus.generate(SEED + 12, Target.ENVELOPE, 500_000, 22, 2, limit, BIG);
            drop(warmFiles);
            for (Case c : warmQueue) {
                producer.send(message(session, c));
            }
            recording = false;
            sendHttp(InvalidUpdateCorpus.generate(SEED + 10, Target.HTTP, 300_000, 110, 2, limit, BIG));
            for (int i = 0; i < warmQueue.size() && dlq.receive(30_000) != null; i++) {
                // drained
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(failed, ".json") - count(failed, ".error.json") >= warmFiles.size());
            recording = true;
            long warmPatches = sandbox().patches().received();

            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            drop(fileCases);
            for (Case c : jmsCases) {
                producer.send(message(session, c));
            }

            LOG.info("bad-input corpus heap after dropping files and queueing: {} MB", usedHeapAfterGc() >> 20);
            int httpRejected = sendHttp(httpCases);
            LOG.info("bad-input corpus heap after HTTP: {} MB", usedHeapAfterGc() >> 20);
            long httpDone = System.nanoTime();

            // JMS: every envelope on the dead-letter queue, with the reason
            Map<String, Case> byName = new HashMap<>();
            jmsCases.forEach(c -> byName.put(c.name(), c));
            int jmsRejected = 0;
            for (int i = 0; i < jmsCases.size(); i++) {
                Message dead = dlq.receive(30_000);
                if (dead == null) {
                    break;
                }
                Case c = byName.remove(dead.getStringProperty("CorpusCase"));
                if (c == null) {
                    failures.add("JMS dead letter for an unknown or repeated case " + dead.getStringProperty("CorpusCase"));
                    continue;
                }
                String reason = dead.getStringProperty("KomboFailureReason");
                if (reason == null || reason.isBlank()) {
                    fail("JMS", c, "no KomboFailureReason");
                } else if (!names(reason, c)) {
                    fail("JMS", c, "reason does not name the field: " + abbreviate(reason));
                } else {
                    jmsRejected++;
                }
            }
            assertThat(dlq.receive(500)).as("no more dead letters than requests").isNull();
            LOG.info("bad-input corpus heap after the dead-letter queue: {} MB", usedHeapAfterGc() >> 20);
            byName.values().forEach(c -> fail("JMS", c, "not on the dead-letter queue within 30 s"));

            // files: every one in failed/ with its sidecar, none left in the inbox, none done
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(failed, ".json") - count(failed, ".error.json") >= warmFiles.size() + fileCases.size()
                            && count(inbox, ".json") == 0);
            int fileRejected = 0;
            for (Case c : fileCases) {
                String name = c.name() + ".json";
                Path sidecar = failed.resolve(name + ".error.json");
                if (!Files.exists(failed.resolve(name)) || !Files.exists(sidecar)) {
                    fail("file", c, "not in failed/ with its sidecar");
                    continue;
                }
                JsonNode reason = JSON.readTree(Files.readString(sidecar));
                String problems = reason.path("problems").toString() + " " + reason.path("reason").asText("");
                if (reason.path("problems").isEmpty() && reason.path("reason").asText("").isBlank()) {
                    fail("file", c, "sidecar without problems or reason: " + abbreviate(reason.toString()));
                } else if (!names(problems, c)) {
                    fail("file", c, "sidecar does not name the field: " + abbreviate(problems));
                } else {
                    fileRejected++;
                }
            }
            assertThat(fileNames(inbox).stream().filter(n -> !n.startsWith(".")).toList()).as("left in the inbox").isEmpty();
            assertThat(Files.exists(done) ? fileNames(done) : List.<String>of()).as("files done").isEmpty();
            long finished = System.nanoTime();

            long patches = sandbox().patches().received() - warmPatches;
            LOG.info("bad-input corpus warm-up: {} HTTP, {} files, {} JMS; PATCHes {}", 112, warmFiles.size(),
                    warmQueue.size(), warmPatches);
            LOG.info("bad-input corpus HTTP : sent {} / rejected {} / PATCHes (all entry points) {}", httpCases.size(), httpRejected, patches);
            LOG.info("bad-input corpus file : sent {} / rejected {} / PATCHes (all entry points) {}", fileCases.size(), fileRejected, patches);
            LOG.info("bad-input corpus JMS  : sent {} / rejected {} / PATCHes (all entry points) {}", jmsCases.size(), jmsRejected, patches);
            LOG.info("bad-input corpus HTTP answers by status: {}", httpStatuses);
            LOG.info("bad-input corpus per category: {}", perCategory(httpCases, fileCases, jmsCases));
            LOG.info("bad-input corpus time: HTTP {} ms, all entry points {} ms; HTTP requests sent again after a closed connection: {}",
                    (httpDone - started) / 1_000_000, (finished - started) / 1_000_000, transportRetries.get());
            sandbox().patches().recent(20).forEach(e -> LOG.warn("PATCH that reached the sandbox: {} {} key={} status={}",
                    e.integrationId(), e.applicationId(), e.idempotencyKey(), e.status()));
            if (!failures.isEmpty()) {
                LOG.warn("bad-input corpus failures by entry point/category: {}", failureCounts);
            }
            long heapAfter = usedHeapAfterGc();
            if (heapAfter >= heapBefore + HEAP_HEADROOM) {
                histogram();
            }
            LOG.info("bad-input corpus heap: used {} MB before, {} MB after (limit before + {} MB)",
                    heapBefore >> 20, heapAfter >> 20, HEAP_HEADROOM >> 20);
            long patchesInAll = sandbox().patches().received();
            // still serving: a valid PATCH afterwards is applied
            HttpResponse<String> valid = validPatch();
            LOG.info("bad-input corpus: a valid PATCH afterwards answered {}", valid.statusCode());
            assertThat(valid.statusCode()).as("a valid PATCH afterwards: %s", valid.body()).isEqualTo(200);
            assertThat(sandbox().patches().received()).isEqualTo(patchesInAll + 1);
            assertThat(failures).as("requests not refused as they should be (counts: %s)", failureCounts).isEmpty();
            assertThat(patchesInAll).as("PATCHes that reached the sandbox (warm-up included)").isZero();
            assertThat(heapAfter).as("used heap after the corpus (before: %d MB)", heapBefore >> 20)
                .isLessThan(heapBefore + HEAP_HEADROOM);
            // keep the corpus reachable until here: it is counted in both figures
            assertThat(httpCases).isNotEmpty();
        }

    }

    // -------------------------------------------------------------------------------------------------------------

    private int sendHttp(List<Case> cases) throws InterruptedException {
        String base = "http://127.0.0.1:" + property("camel.server.port") + "/ats/applications/";
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger rejected = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Case c : cases) {
            HttpRequest request;
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + c.applicationPath() + "/interviews"))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(c.body()))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
                if (c.integrationId() != null) {
                    builder.header("X-Integration-Id", c.integrationId());
                }
                if (c.idempotencyKey() != null) {
                    builder.header("Idempotency-Key", c.idempotencyKey());
                }
                request = builder.build();
            } catch (IllegalArgumentException e) {
                fail("HTTP", c, "the corpus made a request java.net.http cannot send: " + e.getMessage());
                continue;
            }
            inFlight.acquire();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                if (error != null && c.category() != Category.OVERSIZE) {
                    // a kept-alive connection the server had closed: sent once more, and counted
                    transportRetries.incrementAndGet();
                    LOG.warn("{}: {}, sending it once more", c.name(), error.toString());
                    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                }
                return error != null ? CompletableFuture.<HttpResponse<String>>failedFuture(error)
                        : CompletableFuture.completedFuture(response);
            }).thenCompose(f -> f).whenComplete((response, error) -> {
                try {
                    if (check(c, response, error)) {
                        rejected.incrementAndGet();
                    }
                } finally {
                    inFlight.release();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return rejected.get();
    }

    /** One HTTP answer: 4xx, and for 400 the problems name the field; true when refused as it should be. */
    private boolean check(Case c, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            fail("HTTP", c, "no answer: " + error);
            return false;
        }
        int status = response.statusCode();
        if (recording) {
            httpStatuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        }
        if (status < 400 || status >= 500) {
            fail("HTTP", c, "status " + status + ": " + abbreviate(response.body()));
            return false;
        }
        if (c.category() == Category.OVERSIZE) {
            if (status != 413) {
                fail("HTTP", c, "oversize answered " + status + " instead of 413");
                return false;
            }
            return true;
        }
        if (status == 400) {
            try {
                JsonNode body = JSON.readTree(response.body());
                String problems = body.path("problems").toString();
                if ("PLATFORM.INPUT_INVALID".equals(body.at("/error/code").asText()) && problems.contains(jsonEscaped(c.field()))) {
                    return true;
                }
                if (!c.pathLevel()) {
                    fail("HTTP", c, "400 without a problem naming the field: " + abbreviate(response.body()));
                    return false;
                }
                return true;
            } catch (IOException e) {
                if (c.pathLevel()) {
                    return true; // refused by the HTTP server itself
                }
                fail("HTTP", c, "400 that is not Kombo error JSON: " + abbreviate(response.body()));
                return false;
            }
        }
        if (c.pathLevel() && (status == 404 || status == 414 || status == 405)) {
            return true;
        }
        fail("HTTP", c, "status " + status + " where 400 with problems was expected: " + abbreviate(response.body()));
        return false;
    }

    private void drop(List<Case> cases) throws IOException {
        Path inbox = work.resolve("updates/inbox");
        Path temp = work.resolve("drop-tmp");
        Files.createDirectories(inbox);
        Files.createDirectories(temp);
        for (Case c : cases) {
            Path written = Files.write(temp.resolve(c.name() + ".tmp"), c.body());
            Files.move(written, inbox.resolve(c.name() + ".json"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static long count(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)
                    && !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @SafeVarargs
    private static Map<Category, Integer> perCategory(List<Case>... lists) {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        for (List<Case> list : lists) {
            list.forEach(c -> counts.merge(c.category(), 1, Integer::sum));
        }
        return counts;
    }

    /** the refusal names the case's field (a bare envelope that is no JSON object is named as such) */
    private static boolean names(String problems, Case c) {
        return problems.contains(jsonEscaped(c.field())) || problems.contains(c.field())
                || "body".equals(c.field()) && problems.contains("the envelope must be a JSON object");
    }

    /** how a field name appears inside a JSON string (problems arrays are compared as JSON text) */
    private static String jsonEscaped(String field) {
        String quoted = JSON.getNodeFactory().textNode(field).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static Message message(Session session, Case c) throws jakarta.jms.JMSException {
        Message message = text(c.body()) != null ? session.createTextMessage(text(c.body())) : bytes(session, c.body());
        message.setStringProperty("CorpusCase", c.name());
        return message;
    }

    /** the body as text, or null when it is not valid UTF-8 (sent as a BytesMessage then, as it is) */
    private static String text(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static Message bytes(Session session, byte[] body) throws jakarta.jms.JMSException {
        jakarta.jms.BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    private static void histogram() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().limit(30).toList();
            LOG.warn("heap histogram:\n{}", String.join("\n", lines));
        } catch (IOException e) {
            LOG.warn("no heap histogram: {}", e.toString());
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    /** A valid PATCH for a live sandbox interview, built like UpdateToKomboTest.request(...). */
    private HttpResponse<String> validPatch() throws Exception {
        String integration = InvalidUpdateCorpus.ACME;
        Interview interview = SampleUpdates.updatable(sandbox().store(), integration, 0);
        ObjectNode body = SampleUpdates.patchBody(sandbox().store(), integration, interview,
                "After the bad-input corpus", "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z",
                "https://meet.example.com/after");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port")
                + "/ats/applications/" + interview.applicationId() + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("X-Integration-Id", integration)
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
