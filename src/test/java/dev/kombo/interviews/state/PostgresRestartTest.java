package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.InterviewStore;
import dev.kombo.interviews.sync.SyncOutcome;
import dev.kombo.interviews.sync.WatermarkStore;

/**
 * PostgreSQL stopped while a sync is between pages (kombo.state.store=jdbc): the run fails cleanly, its reason
 * naming the database, once a connection has been waited for for kombo.state.jdbc.connection-timeout-ms. Started
 * again on the same data directory and port, the next run resumes from the checkpoint in the database and every
 * interview is delivered (the page in flight at the stop again, which the file names make harmless). A restart
 * shorter than the connection timeout is only a wait.
 */
class PostgresRestartTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final int RECORDS = 2000;
    private static final Path DATA = Path.of("target", "test-work", "postgres-restart-" + UUID.randomUUID())
            .toAbsolutePath();
    private static final int PORT = freePort();
    private static EmbeddedPostgres postgres = TestPostgres.start(DATA, PORT);

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopPostgres() {
        TestPostgres.close(postgres);
    }

    private static String url() {
        return "jdbc:postgresql://localhost:" + PORT + "/postgres";
    }

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.state.store", "jdbc");
        p.setProperty("kombo.state.jdbc.url", url());
        p.setProperty("kombo.state.jdbc.username", TestPostgres.USER);
        p.setProperty("kombo.state.jdbc.connection-timeout-ms", "1000");
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.sandbox.latency-per-page-ms", "200");
        p.setProperty("kombo.integration.acme.sinks", "file");
        return p;
    }

    /** The checkpoint's run start and pages done, read from the database as an operator would. */
    private static Optional<String[]> checkpoint() {
        try (Connection c = DriverManager.getConnection(url(), TestPostgres.USER, null);
                ResultSet row = c.createStatement().executeQuery("SELECT run_started_at, pages_done "
                        + "FROM kombo_sync_state WHERE integration = 'acme' AND run_started_at IS NOT NULL")) {
            return row.next() ? Optional.of(new String[] {row.getString(1), row.getString(2)}) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private Set<String> deliveredIds() {
        return Stream.concat(ndjsonRecords(fileSink("acme"), false).stream(),
                ndjsonRecords(fileSink("acme"), true).stream()).map(r -> r.get("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void a_restart_shorter_than_the_connection_timeout_is_waited_out_by_the_call_that_needs_the_database()
            throws Exception {
        try (StateStore store = StateStores.create(TestPostgres.settings(url(), work, 60_000, 60_000, 30_000))) {
            store.open();
            WatermarkStore.Checkpoint checkpoint = new WatermarkStore.Checkpoint("2026-12-01T10:00:00.000Z", null,
                    "after-page-4", 4, 1000, 60, 0);
            TestPostgres.close(postgres);
            AtomicBoolean issued = new AtomicBoolean();
            CompletableFuture<Void> save = CompletableFuture.runAsync(() -> {
                issued.set(true);
                store.watermarks().saveCheckpoint("globex", checkpoint);
            });
            await().untilTrue(issued);

            postgres = TestPostgres.start(DATA, PORT);

            save.get(60, TimeUnit.SECONDS);
            assertThat(store.watermarks().checkpoint("globex")).hasValue(checkpoint);
        }
    }

    @Test
    void a_run_fails_cleanly_while_postgres_is_down_and_the_next_run_resumes_from_the_checkpoint_losing_nothing()
            throws Exception {
        CompletableFuture<SyncOutcome> run = CompletableFuture.supplyAsync(() -> sync("acme"));
        String[] between = await().atMost(Duration.ofSeconds(60)).until(PostgresRestartTest::checkpoint,
                c -> c.isPresent() && Integer.parseInt(c.get()[1]) >= 2).orElseThrow();

        TestPostgres.close(postgres);
        SyncOutcome failed = run.get(60, TimeUnit.SECONDS);

        assertThat(failed.status()).isEqualTo(SyncOutcome.Status.FAILED);
        assertThat(failed.reason()).contains("StateStoreException: state database " + url() + ": cannot ")
                .contains("Connection is not available");
        assertThat(failed.watermark()).isNull();
        assertThat(deliveredIds()).hasSizeLessThan(RECORDS);

        postgres = TestPostgres.start(DATA, PORT);
        assertThat(checkpoint()).as("the checkpoint outlived the restart")
                .hasValueSatisfying(c -> assertThat(Integer.parseInt(c[1])).isGreaterThanOrEqualTo(2));
        // the pool reconnects within its back-off (at most the connection timeout): a run started before that
        // cannot start (no outcome), as a scheduled one would not
        SyncOutcome resumed = await().atMost(Duration.ofSeconds(30)).until(() -> sync("acme"), o -> o != null);

        assertThat(resumed.status()).as(resumed.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(resumed.watermark()).as("the interrupted run's start").isEqualTo(between[0]);
        InterviewStore store = sandbox().store();
        Set<String> served = new HashSet<>();
        for (int i = 0; i < store.count(ACME); i++) {
            served.add(store.interviewId(ACME, i));
        }
        assertThat(deliveredIds()).isEqualTo(served);
        assertThat(resumed.records()).isEqualTo(RECORDS);
        assertThat(checkpoint()).isEmpty();
    }
}
