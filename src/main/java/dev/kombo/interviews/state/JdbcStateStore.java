package dev.kombo.interviews.state;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.kombo.interviews.kombo.SuspensionRecords;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.WatermarkStore;
import dev.kombo.interviews.update.IdempotencyCache;

/**
 * The state in PostgreSQL (kombo.state.store=jdbc), shared by every replica that points at the same database:
 * one table per concern ({@code src/main/resources/state/V*.sql}), reached through a HikariCP pool. The schema is
 * created and migrated by {@link #open()} ({@link SchemaMigrations}). Every write that must be whole is one
 * statement or one transaction. A database that is away makes a call wait for a connection up to
 * {@code kombo.state.jdbc.connection-timeout-ms}, then fail with a {@link StateStoreException} naming it.
 */
public final class JdbcStateStore implements StateStore {

    /** One piece of work on a connection of the pool. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final StateSettings.Jdbc jdbc;
    private final WatermarkTable watermarks = new WatermarkTable(this);
    private final KeptRecordTable kept = new KeptRecordTable(this);
    private final SuspensionTable suspensions = new SuspensionTable(this);
    private final IdempotencyTable idempotency;
    private volatile HikariDataSource pool;
    private boolean closed;

    public JdbcStateStore(StateSettings settings) {
        this.jdbc = settings.jdbc();
        this.idempotency = new IdempotencyTable(this, settings.idempotencyWindowMillis(),
                settings.idempotencyInFlightTimeoutMillis());
    }

    @Override
    public WatermarkStore watermarks() {
        return watermarks;
    }

    @Override
    public KeptRecords keptRecords() {
        return kept;
    }

    @Override
    public SuspensionRecords suspensions() {
        return suspensions;
    }

    @Override
    public IdempotencyCache idempotencyKeys() {
        return idempotency;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + jdbc.where() + (jdbc.username() == null ? "" : " as " + jdbc.username()) + " (pool of "
                + jdbc.poolSize() + ", schema version " + SchemaMigrations.LATEST + ")";
    }

    /** Connects and migrates the schema; the parts open the store themselves if they are used first. */
    @Override
    public synchronized void open() {
        if (closed) {
            throw new IllegalStateException("the state store " + jdbc.where() + " is closed");
        }
        if (pool != null) {
            return;
        }
        HikariDataSource opened = new HikariDataSource(config());
        try {
            SchemaMigrations.migrate(opened, jdbc.where());
        } catch (SQLException e) {
            opened.close();
            throw failure("bring the schema up to date", e);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        pool = opened;
    }

    private HikariConfig config() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("kombo-state");
        config.setJdbcUrl(jdbc.url());
        config.setUsername(jdbc.username());
        config.setPassword(jdbc.password());
        config.setMaximumPoolSize(jdbc.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(jdbc.connectionTimeoutMillis());
        config.setValidationTimeout(Math.max(250, Math.min(5_000, jdbc.connectionTimeoutMillis() / 2)));
        // the pool starts even when the database is away: the migration's first connection then fails, naming it
        config.setInitializationFailTimeout(-1);
        // driver defaults (the URL's own parameters win): who we are in pg_stat_activity, and no statement that
        // waits forever on a connection whose database vanished without closing it
        config.addDataSourceProperty("ApplicationName", "kombo-interview-routes");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return config;
    }

    private HikariDataSource pool() {
        HikariDataSource opened = pool;
        if (opened != null) {
            return opened;
        }
        synchronized (this) {
            open();
            return pool;
        }
    }

    /**
     * Runs {@code work} on a connection (autocommit: each statement is whole). A connection the database dropped
     * (a restart) is replaced and the work tried once more: every piece of work here may be repeated (a claim that
     * did reach the database finds itself in flight, so the request is refused for now, never sent twice).
     */
    <T> T call(String what, Work<T> work) {
        return run(what, work, false);
    }

    /** Runs {@code work} in one transaction: all of it or nothing. */
    <T> T transaction(String what, Work<T> work) {
        return run(what, work, true);
    }

    private <T> T run(String what, Work<T> work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            Connection connection;
            try {
                connection = pool().getConnection();
            } catch (SQLException noConnection) {
                throw failure(what, noConnection);
            }
            try (connection) {
                if (!transaction) {
                    return work.on(connection);
                }
                connection.setAutoCommit(false);
                try {
                    T result = work.on(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt == 1 && connectionLost(e)) {
                    continue; // Hikari evicts the broken connection; the next one is new
                }
                throw failure(what, e);
            }
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException alsoBroken) {
            cause.addSuppressed(alsoBroken);
        }
    }

    /**
     * The connection itself failed (class 08), or the server ended it as it shut down or restarted (57P01..57P03):
     * the statement may not have reached the database.
     */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.matches("57P0[123]"));
    }

    private StateStoreException failure(String what, SQLException e) {
        String cause = e.getCause() != null && e.getCause().getMessage() != null
                && !e.getMessage().contains(e.getCause().getMessage()) ? " (" + e.getCause().getMessage() + ")" : "";
        return new StateStoreException("state database " + jdbc.where() + ": cannot " + what + ": " + e.getMessage()
                + cause, e);
    }

    /** PostgreSQL text cannot hold U+0000, which a record's own text may bring into a reason or a key. */
    static String text(String value) {
        return value == null ? null : value.replace("\u0000", "\\u0000");
    }

    String where() {
        return jdbc.where();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
