package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.InterviewStore;
import dev.kombo.interviews.sandbox.RequestLog;
import dev.kombo.interviews.sync.SyncOutcome.Status;

class SyncEndToEndTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final int RECORDS = 2600;

    /** What the probe sink does when it receives page n (a test's way to act in the middle of a run). */
    private volatile IntConsumer onPage = page -> { };
    private final AtomicBoolean probeFails = new AtomicBoolean();
    private final AtomicInteger probePages = new AtomicInteger();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integrations", "acme,globex,gamma");
        p.setProperty("kombo.integration.gamma.id", "sandbox:gamma-lever");
        p.setProperty("kombo.integration.gamma.sinks", "file,probe");
        return p;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // a user-added sink: exactly how a YAML sink route plugs in (direct:sink-<name>)
        return probeSink(page -> {
            if (probeFails.get() && page.number() == 3) {
                throw new GenericFileOperationFailedException("probe sink: disk full on page 3");
            }
            probePages.incrementAndGet();
            onPage.accept(page.number());
        });
    }

    private Set<String> allSandboxIds(String integrationId) {
        InterviewStore store = sandbox().store();
        Set<String> ids = new HashSet<>();
        IntStream.range(0, store.count(integrationId)).forEach(i -> ids.add(store.interviewId(integrationId, i)));
        return ids;
    }

    private static Set<String> ids(List<JsonNode> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private List<Message> drainQueue() throws Exception {
        return drainQueue(property("kombo.sink.jms.queue"));
    }

    @Test
    void delivers_every_sandbox_interview_to_file_sftp_and_jms() throws Exception {
        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).isEqualTo(Status.COMPLETED);
        Set<String> expected = allSandboxIds(ACME);
        assertThat(expected).hasSize(RECORDS);

        List<JsonNode> live = ndjsonRecords(fileSink("acme"), false);
        List<JsonNode> deleted = ndjsonRecords(fileSink("acme"), true);
        assertThat(live.size() + deleted.size()).as("no record twice in the file sink").isEqualTo(RECORDS);
        assertThat(ids(live)).hasSize(live.size());
        assertThat(ids(deleted)).isNotEmpty().doesNotContainAnyElementsOf(ids(live));
        Set<String> inFiles = new HashSet<>(ids(live));
        inFiles.addAll(ids(deleted));
        assertThat(inFiles).isEqualTo(expected);
        assertThat(deleted).allSatisfy(r -> assertThat(r.get("remote_deleted_at").isNull()).isFalse());
        assertThat(live).allSatisfy(r -> assertThat(r.get("remote_deleted_at").isNull()).isTrue());
        assertThat(fileNames(fileSink("acme"))).noneMatch(name -> name.startsWith("."));

        List<JsonNode> sftpLive = ndjsonRecords(sftpSink("acme"), false);
        List<JsonNode> sftpDeleted = ndjsonRecords(sftpSink("acme"), true);
        assertThat(sftpLive).isEqualTo(live);
        assertThat(sftpDeleted).isEqualTo(deleted);

        List<Message> messages = drainQueue();
        assertThat(messages).hasSize(RECORDS);
        Set<String> onQueue = new HashSet<>();
        Set<String> deletedOnQueue = new HashSet<>();
        for (Message m : messages) {
            JsonNode body = JSON.readTree(((TextMessage) m).getText());
            assertThat(m.getStringProperty("KomboInterviewId")).isEqualTo(body.get("id").asText());
            assertThat(m.getStringProperty("KomboIntegrationId")).isEqualTo(ACME);
            assertThat(m.getStringProperty("KomboChangedAt")).isEqualTo(body.get("changed_at").asText());
            onQueue.add(body.get("id").asText());
            if (m.getBooleanProperty("KomboDeleted")) {
                deletedOnQueue.add(body.get("id").asText());
            }
        }
        assertThat(onQueue).isEqualTo(expected);
        assertThat(deletedOnQueue).isEqualTo(ids(deleted));

        assertThat(Files.readString(work.resolve("state/acme.watermark")).trim()).isEqualTo(outcome.watermark());
        assertThat(outcome.deliveredPerSink()).containsEntry("file", (long) RECORDS)
                .containsEntry("sftp", (long) RECORDS).containsEntry("jms", (long) RECORDS);
    }

    @Test
    void next_run_delivers_exactly_the_interviews_changed_since_the_last_one() throws Exception {
        assertThat(sync("acme").status()).isEqualTo(Status.COMPLETED);
        String firstWatermark = Files.readString(work.resolve("state/acme.watermark")).trim();
        List<String> firstFiles = fileNames(fileSink("acme"));
        drainQueue();

        List<String> touched = sandbox().store().touch(ACME, 7);
        long touchedAt = System.currentTimeMillis();
        // updated_after matches records changed at or after it: start the next run in a later millisecond
        await().until(() -> System.currentTimeMillis() > touchedAt + 1);
        SyncOutcome second = sync("acme");

        assertThat(second.status()).isEqualTo(Status.COMPLETED);
        assertThat(second.records()).isEqualTo(7);
        List<String> newFiles = new ArrayList<>(fileNames(fileSink("acme")));
        newFiles.removeAll(firstFiles);
        assertThat(newFiles).hasSize(1).allMatch(name -> name.endsWith("-p00001.ndjson"));
        Set<String> delivered = ids(ndjsonRecords(fileSink("acme"), false));
        assertThat(JSON.readTree(Files.readAllLines(fileSink("acme").resolve(newFiles.get(0))).get(0))
                .get("title").asText()).isNotEmpty();
        assertThat(ids(readLines(newFiles.get(0)))).containsExactlyInAnyOrderElementsOf(touched);
        assertThat(delivered).containsAll(touched);
        List<Message> messages = drainQueue();
        assertThat(messages).extracting(m -> m.getStringProperty("KomboInterviewId"))
                .containsExactlyInAnyOrderElementsOf(touched);
        String secondWatermark = Files.readString(work.resolve("state/acme.watermark")).trim();
        assertThat(secondWatermark).isGreaterThan(firstWatermark);

        SyncOutcome third = sync("acme");
        assertThat(third.records()).isZero();
        assertThat(sandbox().requests().recent(1).get(0).query()).contains("updated_after=" + secondWatermark
                .replace(":", "%3A"));
    }

    private List<JsonNode> readLines(String fileName) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(fileSink("acme").resolve(fileName))) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    @Test
    void a_sink_failing_mid_run_keeps_the_watermark_and_the_next_run_resumes_at_that_page() throws Exception {
        probeFails.set(true);
        SyncOutcome failed = sync("gamma");

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.reason()).contains("disk full on page 3");
        assertThat(work.resolve("state/gamma.watermark")).doesNotExist();
        assertThat(work.resolve("state/gamma.checkpoint")).exists();
        List<String> filesAfterFailure = fileNames(fileSink("gamma"));

        probeFails.set(false);
        SyncOutcome resumed = sync("gamma");

        assertThat(resumed.status()).isEqualTo(Status.COMPLETED);
        assertThat(work.resolve("state/gamma.checkpoint")).doesNotExist();
        assertThat(work.resolve("state/gamma.watermark")).exists();
        // the resumed run started at page 3 and wrote into the same run's file names
        assertThat(fileNames(fileSink("gamma"))).containsAll(filesAfterFailure);
        Set<String> inFiles = new HashSet<>(ids(ndjsonRecords(fileSink("gamma"), false)));
        inFiles.addAll(ids(ndjsonRecords(fileSink("gamma"), true)));
        assertThat(inFiles).isEqualTo(allSandboxIds("sandbox:gamma-lever"));
        assertThat(resumed.records()).as("the run's total").isEqualTo(RECORDS);
        assertThat(probePages.get()).as("pages 1-2 before the failure, 3-11 after: none twice").isEqualTo(11);
    }

    @Test
    void the_next_page_is_asked_for_while_the_current_one_is_delivered_and_pages_still_arrive_in_order() {
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> getsWhileDelivering = java.util.Collections.synchronizedList(new ArrayList<>());
        onPage = page -> {
            order.add(page);
            // while page n is being delivered, the GET for page n+1 arrives (the last page has no next)
            awaitPrefetchOf("sandbox:gamma-lever", Math.min(page + 1, 11));
            getsWhileDelivering.add(sandbox().requests().gets("sandbox:gamma-lever"));
        };

        SyncOutcome outcome = sync("gamma");

        assertThat(outcome.status()).isEqualTo(Status.COMPLETED);
        assertThat(order).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(getsWhileDelivering).as("one page ahead, never more")
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 11L);
        assertThat(sandbox().requests().gets("sandbox:gamma-lever")).as("no page asked twice").isEqualTo(11);
    }

    @Test
    void retries_the_same_cursor_after_429_and_503_and_waits_at_least_retry_after() {
        onPage = page -> {
            if (page == 1) {
                awaitPrefetchOf("sandbox:gamma-lever", 2);
                sandbox().faults().script("sandbox:gamma-lever", 1, Fault.rateLimit(1));
                sandbox().faults().script("sandbox:gamma-lever", 1, Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML));
            }
        };

        SyncOutcome outcome = sync("gamma");

        assertThat(outcome.status()).isEqualTo(Status.COMPLETED);
        assertThat(outcome.records()).isEqualTo(RECORDS);
        // the sandbox logs a request after answering it, so the last entry may land just after the run ends
        List<RequestLog.Entry> gets = new ArrayList<>(await().atMost(Duration.ofSeconds(5)).until(
                () -> sandbox().requests().recent(1000).stream()
                        .filter(e -> "sandbox:gamma-lever".equals(e.headers().get("X-Integration-Id"))).toList(),
                entries -> entries.size() >= 13));
        java.util.Collections.reverse(gets);
        assertThat(gets).extracting(RequestLog.Entry::status).containsExactly(200, 200, 429, 503, 200, 200, 200, 200,
                200, 200, 200, 200, 200);
        // page 3 was asked three times with the same cursor, never from page 1 again
        assertThat(gets.get(2).query()).contains("cursor=").isEqualTo(gets.get(3).query()).isEqualTo(gets.get(4).query());
        assertThat(gets.stream().filter(e -> !e.query().contains("cursor="))).hasSize(1);
        assertThat(Duration.between(gets.get(2).time(), gets.get(3).time())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_full_resync_of_unchanged_interviews_enqueues_no_duplicates() throws Exception {
        assertThat(sync("acme").status()).isEqualTo(Status.COMPLETED);
        assertThat(drainQueue()).hasSize(RECORDS);
        // forget the watermark: the next run delivers every version a second time
        Files.delete(work.resolve("state/acme.watermark"));
        sandbox().store().touch(ACME, 3);

        SyncOutcome again = sync("acme");

        assertThat(again.records()).isEqualTo(RECORDS);
        assertThat(drainQueue()).as("Artemis duplicate detection keeps only the 3 new versions").hasSize(3);
    }

    @Test
    void a_revoked_integration_stops_with_its_kombo_code_while_the_others_complete() throws Exception {
        sandbox().store().setState("sandbox:globex-workday", "INTEGRATION.AUTHENTICATION_INVALID");

        SyncOutcome globex = sync("globex");
        SyncOutcome acme = sync("acme");

        assertThat(globex.status()).isEqualTo(Status.SUSPENDED);
        assertThat(globex.komboCode()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");
        assertThat(globex.reason()).contains("INTEGRATION.AUTHENTICATION_INVALID").contains("log_url=");
        assertThat(work.resolve("state/globex.watermark")).doesNotExist();
        assertThat(acme.status()).isEqualTo(Status.COMPLETED);
        assertThat(acme.records()).isEqualTo(RECORDS);
        assertThat(sandbox().requests().gets("sandbox:globex-workday")).as("no retry of an auth error").isEqualTo(1);

        // readiness reports it, with the Kombo code, on the management port
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + property("kombo.management.port") + "/observe/health?exposure=full&data=true")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN").contains("INTEGRATION.AUTHENTICATION_INVALID");
    }

    @Test
    void a_record_breaking_the_contract_is_kept_with_its_reason_and_the_rest_is_delivered() throws Exception {
        onPage = page -> {
            if (page == 1) {
                awaitPrefetchOf("sandbox:gamma-lever", 2);
                sandbox().faults().script("sandbox:gamma-lever", 1, Fault.of(Fault.Kind.INVALID_RECORD));
            }
        };

        SyncOutcome outcome = sync("gamma");

        assertThat(outcome.status()).isEqualTo(Status.COMPLETED);
        assertThat(outcome.records()).isEqualTo(RECORDS - 1);
        Path rejectedFolder = work.resolve("dead-letter/gamma");
        List<String> rejected = fileNames(rejectedFolder);
        assertThat(rejected).singleElement().asString().endsWith("-p00003.ndjson");
        JsonNode line = JSON.readTree(Files.readAllLines(rejectedFolder.resolve(rejected.get(0))).get(0));
        assertThat(line.get("reason").asText()).contains("changed_at").contains("canceled");
        assertThat(line.get("page").asInt()).isEqualTo(3);
        Set<String> delivered = new HashSet<>(ids(ndjsonRecords(fileSink("gamma"), false)));
        delivered.addAll(ids(ndjsonRecords(fileSink("gamma"), true)));
        delivered.add(line.get("record").get("id").asText());
        assertThat(delivered).as("delivered + kept = everything").isEqualTo(allSandboxIds("sandbox:gamma-lever"));
    }

    @Test
    void a_cursor_cycle_fails_the_run_without_moving_the_watermark() {
        onPage = page -> {
            if (page == 1) {
                awaitPrefetchOf("sandbox:gamma-lever", 2);
                sandbox().faults().script("sandbox:gamma-lever", 1, Fault.of(Fault.Kind.CURSOR_CYCLE));
            }
        };

        SyncOutcome outcome = sync("gamma");

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).contains("integration 'gamma' page 3").contains("cursor cycle");
        assertThat(work.resolve("state/gamma.watermark")).doesNotExist();
        assertThat(probePages.get()).isEqualTo(2);
    }
}
