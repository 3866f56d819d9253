package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the jdbc store's schema to the latest version at start-up. Each script
 * ({@code src/main/resources/state/V<n>__<what>.sql}) runs once, in its own transaction together with its row in
 * {@code kombo_state_schema}, so a failed script leaves the previous version whole (PostgreSQL's DDL is
 * transactional). Replicas that start at once queue on a PostgreSQL advisory lock held for that transaction: the
 * first migrates, the others then find the schema up to date.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** In order; append new ones, never edit or reorder one that has shipped. */
    private static final List<String> SCRIPTS = List.of("V1__state.sql");

    static final int LATEST = SCRIPTS.size();

    /** The advisory lock's key: any constant the replicas agree on ("kombo" + "st" in ASCII). */
    private static final long LOCK = 0x6b6f6d626f7374L;

    private SchemaMigrations() {
    }

    static void migrate(DataSource database, String where) throws SQLException {
        try (Connection connection = database.getConnection()) {
            int found = -1;
            for (int version = 1; version <= LATEST; version++) {
                found = apply(connection, version);
            }
            if (found > LATEST) {
                // a newer bundle migrated already (a rolling upgrade): its scripts only ever add, so this one runs on
                LOG.warn("state database {} is at schema version {}, newer than this bundle's {}", where, found, LATEST);
            } else {
                LOG.info("state database {} at schema version {}", where, LATEST);
            }
        }
    }

    /** Applies script {@code version} unless it was applied; returns the version the database is at. */
    private static int apply(Connection connection, int version) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
                statement.execute("CREATE TABLE IF NOT EXISTS kombo_state_schema (version integer PRIMARY KEY, "
                        + "script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current;
            try (Statement statement = connection.createStatement();
                    ResultSet max = statement.executeQuery("SELECT coalesce(max(version), 0) FROM kombo_state_schema")) {
                max.next();
                current = max.getInt(1);
            }
            if (current < version) {
                String script = SCRIPTS.get(version - 1);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(read(script));
                }
                try (PreparedStatement row = connection.prepareStatement(
                        "INSERT INTO kombo_state_schema (version, script) VALUES (?, ?)")) {
                    row.setInt(1, version);
                    row.setString(2, script);
                    row.executeUpdate();
                }
                LOG.info("state schema migrated to version {} ({})", version, script);
                current = version;
            }
            connection.commit();
            return current;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("/state/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration state/" + script + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration state/" + script, e);
        }
    }
}
