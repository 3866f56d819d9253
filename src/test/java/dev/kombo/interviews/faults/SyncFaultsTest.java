package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.EmbeddedSftpServer;
import dev.kombo.interviews.sandbox.Fault;
import dev.kombo.interviews.sandbox.Fault.Kind;
import dev.kombo.interviews.sandbox.InterviewStore;
import dev.kombo.interviews.sandbox.RequestLog;
import dev.kombo.interviews.sync.SyncOutcome;
import dev.kombo.interviews.sync.SyncOutcome.Status;
import dev.kombo.interviews.sync.SyncRuns;

/**
 * The sync under hostile conditions, with the real bundle and real servers on loopback: an API storm
 * (429 with Retry-After, HTML 503, Kombo 503, answers slower than the read timeout), an SFTP server that
 * goes away mid-run, a sink folder that cannot be created, poisoned pages, and broken integrations beside a
 * healthy one.
 * <p>
 * {@code EmbeddedServices} exposes only the sandbox (not the SFTP server nor the broker), so this class
 * switches the bundle's demo SFTP server off and runs its own {@link EmbeddedSftpServer} on loopback, which
 * it can stop and start again in the middle of a run.
 */
class SyncFaultsTest extends BundleTestSupport {

    private static final int RECORDS = 3000;
    private static final String SFTP_PASSWORD = "fault-test-sftp-password";

    /** Set from {@link #overrides()} (called by the base constructor): no initializers on these two. */
    private int sftpPort;
    private EmbeddedSftpServer sftpServer;

    private volatile BiConsumer<String, Integer> onPage;
    private final Map<String, AtomicInteger> probeDeliveries = new ConcurrentHashMap<>();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integrations", "acme,gamma,delta,omega,remote");
        p.setProperty("kombo.integration.acme.sinks", "probe,file");
        for (String name : List.of("gamma", "delta", "omega")) {
            p.setProperty("kombo.integration." + name + ".id", "sandbox:" + name + "-faults");
            p.setProperty("kombo.integration." + name + ".sinks", "probe,file");
        }
        p.setProperty("kombo.integration.remote.id", "sandbox:remote-faults");
        p.setProperty("kombo.integration.remote.sinks", "probe,file,sftp");
        // a read timeout well below the SLOW faults of the storm
        p.setProperty("camel.component.http.response-timeout", "1000");
        p.setProperty("camel.component.http.so-timeout", "1000");
        p.setProperty("kombo.retry.max-attempts", "25");
        p.setProperty("kombo.retry.max-total-ms", "60000");
        p.setProperty("kombo.sink.retry.max-attempts", "40");
        p.setProperty("kombo.sink.retry.initial-delay-ms", "50");
        p.setProperty("kombo.sink.retry.max-delay-ms", "300");
        p.setProperty("kombo.sink.retry.max-total-ms", "60000");
        p.setProperty("kombo.sink.sftp.connect-timeout-ms", "2000");
        // our own SFTP server, which a test can stop and start
        sftpPort = freePort();
        p.setProperty("demo.sftp-server.enabled", "false");
        p.setProperty("kombo.sink.sftp.host", "127.0.0.1");
        p.setProperty("kombo.sink.sftp.port", String.valueOf(sftpPort));
        p.setProperty("kombo.sink.sftp.username", "kombo");
        p.setProperty("kombo.sink.sftp.password", SFTP_PASSWORD);
        return p;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startOwnSftpServer() throws IOException {
        Path root = work.resolve("sftp-server");
        sftpServer = new EmbeddedSftpServer(root.resolve("home"), root.resolve("host-key.pem"), "127.0.0.1", sftpPort,
                "kombo", SFTP_PASSWORD);
        sftpServer.start();
        sftpServer.writeKnownHosts(work.resolve("known_hosts"));
    }

    @AfterEach
    void stopOwnSftpServer() throws IOException {
        if (sftpServer != null) {
            sftpServer.close();
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return probeSink(page -> {
            probeDeliveries.computeIfAbsent(page.integration() + "#" + page.number(), k -> new AtomicInteger())
                    .incrementAndGet();
            BiConsumer<String, Integer> action = onPage;
            if (action != null) {
                action.accept(page.integration(), page.number());
            }
        });
    }

    private int probeDeliveries(String integration, int page) {
        AtomicInteger n = probeDeliveries.get(integration + "#" + page);
        return n == null ? 0 : n.get();
    }

    private String integrationId(String name) {
        return property("kombo.integration." + name + ".id");
    }

    private Set<String> allSandboxIds(String integrationId) {
        InterviewStore store = sandbox().store();
        Set<String> ids = new HashSet<>();
        IntStream.range(0, store.count(integrationId)).forEach(i -> ids.add(store.interviewId(integrationId, i)));
        return ids;
    }

    private static List<String> idsIn(Path folder) {
        List<String> ids = new ArrayList<>();
        ndjsonRecords(folder, false).forEach(r -> ids.add(r.get("id").asText()));
        ndjsonRecords(folder, true).forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private Path watermark(String name) {
        return work.resolve("state").resolve(name + ".watermark");
    }

    /** Every GET of the integration; the sandbox logs a request after answering it, so wait for the last. */
    private List<RequestLog.Entry> getsOf(String integrationId) {
        List<RequestLog.Entry> gets = new ArrayList<>(await().atMost(Duration.ofSeconds(5)).until(
                () -> sandbox().requests().recent(1000).stream()
                        .filter(e -> "GET".equals(e.method()))
                        .filter(e -> integrationId.equals(e.headers().get("X-Integration-Id"))).toList(),
                entries -> entries.size() >= sandbox().requests().gets(integrationId)));
        gets.sort(Comparator.comparing(RequestLog.Entry::time));
        return gets;
    }

    @Test
    void an_api_storm_of_429_503_and_slow_answers_still_delivers_every_record_once_honouring_retry_after() {
        String acme = integrationId("acme");
        sandbox().faults()
                .rate(Fault.rateLimit(1), 0.30)
                .rate(Fault.of(Kind.SERVICE_UNAVAILABLE_HTML), 0.08)
                .rate(Fault.of(Kind.REMOTE_UNAVAILABLE), 0.06)
                .rate(Fault.errorCode("REMOTE.SERVICE_UNAVAILABLE"), 0.04)
                .rate(Fault.slow(1500), 0.06);
        // and at least one answer slower than the read timeout, whatever the dice say
        onPage = (integration, page) -> {
            if (integration.equals("acme") && page == 4 && probeDeliveries("acme", 4) == 1) {
                sandbox().faults().script(acme, 1, Fault.slow(1500));
            }
        };
        long started = System.nanoTime();

        SyncOutcome outcome = sync("acme");

        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.COMPLETED);
        assertThat(outcome.records()).isEqualTo(RECORDS);
        List<String> delivered = idsIn(fileSink("acme"));
        assertThat(delivered).as("every record exactly once").hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(delivered)).isEqualTo(allSandboxIds(acme));
        assertThat(fileNames(fileSink("acme"))).noneMatch(name -> name.startsWith("."));
        assertThat(watermark("acme")).exists();

        List<RequestLog.Entry> gets = getsOf(acme);
        assertThat(gets.stream().filter(e -> !e.query().contains("cursor="))).as("page 1 asked once, never again")
                .hasSize(1);
        long rateLimited = gets.stream().filter(e -> e.status() == 429).count();
        long unavailable = gets.stream().filter(e -> e.status() == 503).count();
        long slow = gets.stream().filter(e -> e.durationMillis() >= 1500).count();
        assertThat(rateLimited).as("the storm happened").isPositive();
        assertThat(unavailable).isPositive();
        assertThat(slow).as("some answers came after the read timeout").isPositive();
        for (int i = 0; i < gets.size(); i++) {
            if (gets.get(i).status() == 429) {
                assertThat(i + 1).as("a 429 is followed by a retry").isLessThan(gets.size());
                RequestLog.Entry retry = gets.get(i + 1);
                assertThat(retry.query()).as("the retry asks the same cursor").isEqualTo(gets.get(i).query());
                assertThat(Duration.between(gets.get(i).time(), retry.time()))
                        .as("retry after a 429 waited Retry-After (1 s)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
        System.out.printf("FIGURES storm: records expected=%d delivered=%d duplicated=%d; GETs=%d ok=%d 429=%d 503=%d "
                + "other-errors=%d slow(>=1.5s)=%d; pages=%d; run %d ms%n", RECORDS, delivered.size(),
                delivered.size() - new HashSet<>(delivered).size(), gets.size(),
                gets.stream().filter(e -> e.status() == 200).count(), rateLimited, unavailable,
                gets.stream().filter(e -> e.status() >= 400 && e.status() != 429 && e.status() != 503).count(), slow,
                fileNames(fileSink("acme")).stream().filter(n -> !n.endsWith(".deleted.ndjson")).count(), tookMs);
    }

    /*
     * Regression: Apache HttpClient 5's own retry strategy re-sent a 503 (or 429) once after a fixed 1 s,
     * invisible to KomboErrorPolicy and RetryBudget; the bundle now turns it off.
     */
    @Test
    void a_503_without_retry_after_is_retried_on_the_bundles_back_off_not_by_a_hidden_http_client_retry() {
        String acme = integrationId("acme");
        onPage = (integration, page) -> {
            if (integration.equals("acme") && page == 1 && probeDeliveries("acme", 1) == 1) {
                awaitPrefetchOf(acme, 2);
                sandbox().faults().script(acme, 1, Fault.of(Kind.SERVICE_UNAVAILABLE_HTML));
            }
        };

        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.COMPLETED);
        List<RequestLog.Entry> gets = getsOf(acme);
        assertThat(gets).extracting(RequestLog.Entry::status).containsExactly(200, 200, 503, 200, 200, 200, 200,
                200, 200, 200, 200, 200, 200);
        Duration wait = Duration.between(gets.get(2).time(), gets.get(3).time());
        System.out.println("FIGURES 503-retry: wait before the retry of a 503 without Retry-After = " + wait.toMillis()
                + " ms (kombo.retry.initial-delay-ms=20, max-delay-ms=200)");
        assertThat(wait).as("kombo.retry back-off (20..200 ms), not HttpClient's fixed 1 s")
                .isLessThan(Duration.ofMillis(800));
    }

    @Test
    void an_sftp_server_down_mid_run_delays_the_page_and_delivery_resumes_with_nothing_lost() throws Exception {
        AtomicBoolean watermarkDuringOutage = new AtomicBoolean();
        AtomicBoolean stopped = new AtomicBoolean();
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        onPage = (integration, page) -> {
            if (integration.equals("remote") && page == 3 && stopped.compareAndSet(false, true)) {
                try {
                    sftpServer.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                restarts.add(CompletableFuture.runAsync(() -> {
                    // two failed deliveries of page 3 (the probe sees the page at every redelivery), then back up
                    await().atMost(Duration.ofSeconds(30)).until(() -> probeDeliveries("remote", 3) >= 3);
                    watermarkDuringOutage.set(Files.exists(watermark("remote")));
                    try {
                        sftpServer.start();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
        };
        long started = System.nanoTime();

        SyncOutcome outcome = sync("remote");

        long tookMs = (System.nanoTime() - started) / 1_000_000;
        restarts.get(0).get(30, TimeUnit.SECONDS);
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.COMPLETED);
        assertThat(watermarkDuringOutage).as("no watermark while page 3 was undelivered").isFalse();
        assertThat(watermark("remote")).exists();
        assertThat(probeDeliveries("remote", 3)).as("page 3 was redelivered").isGreaterThanOrEqualTo(3);
        Set<String> expected = allSandboxIds(integrationId("remote"));
        List<String> inFiles = idsIn(fileSink("remote"));
        List<String> onSftp = idsIn(sftpSink("remote"));
        assertThat(inFiles).hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(inFiles)).isEqualTo(expected);
        assertThat(onSftp).as("nothing lost on the SFTP server").hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(onSftp)).isEqualTo(expected);
        assertThat(fileNames(sftpSink("remote"))).noneMatch(name -> name.startsWith("."));
        assertThat(outcome.deliveredPerSink()).containsEntry("sftp", (long) RECORDS).containsEntry("file",
                (long) RECORDS);
        System.out.printf("FIGURES sftp-outage: records expected=%d file=%d sftp=%d duplicated=%d; page 3 delivered %d "
                + "times; run %d ms%n", RECORDS, inFiles.size(), onSftp.size(),
                onSftp.size() - new HashSet<>(onSftp).size(), probeDeliveries("remote", 3), tookMs);
    }

    @Test
    void a_sink_folder_that_cannot_be_created_fails_the_run_with_the_reason_and_keeps_the_watermark()
            throws Exception {
        // tests run as root (chmod does not stop writes): a regular file where the sink folder must go
        Files.createDirectories(fileSink("acme").getParent());
        Files.writeString(fileSink("acme"), "not a folder");

        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        System.out.println("FIGURES disk: reason=" + outcome.reason() + " records=" + outcome.records());
        assertThat(outcome.reason()).as("a reason naming the folder").contains(fileSink("acme").getFileName()
                .toString()).containsAnyOf("directory", "folder", "file");
        assertThat(outcome.records()).isZero();
        assertThat(watermark("acme")).doesNotExist();
        assertThat(work.resolve("state/acme.checkpoint")).doesNotExist();
        assertThat(Files.isRegularFile(fileSink("acme"))).isTrue();
    }

    @Test
    void poisoned_pages_fail_the_run_naming_integration_and_page_and_a_clean_rerun_resumes_there() {
        Map<String, Fault> poison = Map.of("gamma", Fault.of(Kind.NOT_JSON_PAGE), "delta",
                Fault.of(Kind.MISSING_RESULTS), "omega", Fault.of(Kind.CURSOR_CYCLE));
        onPage = (integration, page) -> {
            if (page == 1 && poison.containsKey(integration) && probeDeliveries(integration, 1) == 1) {
                awaitPrefetchOf(integrationId(integration), 2);
                sandbox().faults().script(integrationId(integration), 1, poison.get(integration));
            }
        };
        Map<String, String> expectedReason = Map.of("gamma", "not JSON", "delta", "data.results is missing", "omega",
                "cursor cycle");
        Map<String, SyncOutcome> failed = new HashMap<>();
        for (String name : List.of("gamma", "delta", "omega")) {
            SyncOutcome outcome = sync(name);
            failed.put(name, outcome);
            assertThat(outcome.status()).as(name + ": " + outcome.reason()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).contains("integration '" + name + "' page 3")
                    .contains(expectedReason.get(name));
            assertThat(watermark(name)).as(name).doesNotExist();
            assertThat(probeDeliveries(name, 3)).as(name + ": the poisoned page reached no sink").isZero();
            assertThat(idsIn(fileSink(name))).as(name + ": pages 1-2 only").hasSize(500);
        }

        onPage = null;
        for (String name : List.of("gamma", "delta", "omega")) {
            SyncOutcome rerun = sync(name);
            assertThat(rerun.status()).as(name + ": " + rerun.reason()).isEqualTo(Status.COMPLETED);
            List<String> ids = idsIn(fileSink(name));
            assertThat(ids).as(name).hasSize(RECORDS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(allSandboxIds(integrationId(name)));
            assertThat(probeDeliveries(name, 1)).as(name + ": the rerun resumed at page 3").isEqualTo(1);
            assertThat(watermark(name)).exists();
            System.out.printf("FIGURES poison %s: first run %s (%s) records=%d; rerun %s records=%d delivered=%d%n",
                    name, failed.get(name).status(), failed.get(name).reason(), failed.get(name).records(),
                    rerun.status(), rerun.records(), ids.size());
        }
    }

    /*
     * Regression: a resumed run once reported the whole run's records but only this process's per-sink and
     * deleted counts; the checkpoint now carries them.
     */
    @Test
    void a_resumed_run_reports_the_whole_runs_per_sink_counts_like_its_record_count() {
        onPage = (integration, page) -> {
            if (integration.equals("gamma") && page == 1 && probeDeliveries("gamma", 1) == 1) {
                awaitPrefetchOf(integrationId("gamma"), 2);
                sandbox().faults().script(integrationId("gamma"), 1, Fault.of(Kind.NOT_JSON_PAGE));
            }
        };
        assertThat(sync("gamma").status()).isEqualTo(Status.FAILED);

        SyncOutcome resumed = sync("gamma");

        assertThat(resumed.status()).isEqualTo(Status.COMPLETED);
        assertThat(resumed.records()).as("the run's total").isEqualTo(RECORDS);
        assertThat(idsIn(fileSink("gamma"))).hasSize(RECORDS);
        System.out.println("FIGURES resumed-counts: records=" + resumed.records() + " deliveredPerSink="
                + resumed.deliveredPerSink());
        assertThat(resumed.deliveredPerSink()).as("per-sink counts of the same run as records()")
                .containsEntry("file", (long) RECORDS).containsEntry("probe", (long) RECORDS);
    }

    @Test
    void revoked_setup_pending_and_model_unavailable_integrations_end_with_their_codes_while_a_healthy_one_completes()
            throws Exception {
        sandbox().store().setState(integrationId("gamma"), "INTEGRATION.AUTHENTICATION_INVALID");
        sandbox().store().setState(integrationId("delta"), "INTEGRATION.SETUP_SYNC_PENDING");
        sandbox().store().setState(integrationId("omega"), "INTEGRATION.MODEL_NOT_AVAILABLE");

        Map<String, Future<Object>> runs = new HashMap<>();
        for (String name : List.of("acme", "gamma", "delta", "omega")) {
            runs.put(name, template.asyncRequestBodyAndHeader("direct:kombo-sync", null, SyncRuns.INTEGRATION_HEADER,
                    name));
        }
        Map<String, SyncOutcome> outcomes = new HashMap<>();
        for (Map.Entry<String, Future<Object>> run : runs.entrySet()) {
            outcomes.put(run.getKey(), (SyncOutcome) run.getValue().get(60, TimeUnit.SECONDS));
        }

        assertThat(outcomes.get("acme").status()).as(outcomes.get("acme").reason()).isEqualTo(Status.COMPLETED);
        List<String> acmeIds = idsIn(fileSink("acme"));
        assertThat(acmeIds).hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(acmeIds)).isEqualTo(allSandboxIds(integrationId("acme")));
        assertThat(watermark("acme")).exists();
        Map<String, Status> status = Map.of("gamma", Status.SUSPENDED, "delta", Status.DEFERRED, "omega",
                Status.SUSPENDED);
        Map<String, String> code = Map.of("gamma", "INTEGRATION.AUTHENTICATION_INVALID", "delta",
                "INTEGRATION.SETUP_SYNC_PENDING", "omega", "INTEGRATION.MODEL_NOT_AVAILABLE");
        for (String name : List.of("gamma", "delta", "omega")) {
            SyncOutcome outcome = outcomes.get(name);
            assertThat(outcome.status()).as(name + ": " + outcome.reason()).isEqualTo(status.get(name));
            assertThat(outcome.komboCode()).as(name).isEqualTo(code.get(name));
            assertThat(outcome.reason()).as(name).contains(code.get(name));
            assertThat(outcome.records()).as(name).isZero();
            assertThat(watermark(name)).as(name).doesNotExist();
            assertThat(probeDeliveries(name, 1)).as(name).isZero();
            assertThat(sandbox().requests().gets(integrationId(name))).as(name + ": not retried").isEqualTo(1);
        }
        outcomes.forEach((name, o) -> System.out.printf("FIGURES isolation %s: %s %s records=%d in %d ms%n", name,
                o.status(), o.komboCode(), o.records(), o.durationMillis()));
    }
}
