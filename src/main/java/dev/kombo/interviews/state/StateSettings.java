package dev.kombo.interviews.state;

import java.nio.file.Path;
import java.util.Locale;

import dev.kombo.interviews.SettingsReader;

/**
 * Where the state is kept ({@code kombo.state.*}, and the folders of the file store), read once.
 *
 * @param refreshMillis how often a replica reads the shared suspensions again
 * @param jdbc          the database of {@code kombo.state.store=jdbc}; null for the file store
 */
public record StateSettings(Type type, Path stateDir, Path deadLetterDir, Path idempotencyDir,
        long idempotencyWindowMillis, long idempotencyInFlightTimeoutMillis, long refreshMillis, Jdbc jdbc) {

    /** The kinds of state store. */
    public enum Type { FILE, JDBC }

    /**
     * The PostgreSQL database of the jdbc store ({@code kombo.state.jdbc.*}).
     *
     * @param password a secret (KOMBO_STATE_JDBC_PASSWORD or its _FILE): never in {@link #toString()}
     */
    public record Jdbc(String url, String username, String password, int poolSize, long connectionTimeoutMillis) {

        /** The URL without its parameters, for logs and {@code --check}: host, port and database. */
        public String where() {
            int parameters = url.indexOf('?');
            return parameters < 0 ? url : url.substring(0, parameters);
        }

        @Override
        public String toString() {
            return "Jdbc[url=" + where() + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                    + ", poolSize=" + poolSize + ", connectionTimeoutMillis=" + connectionTimeoutMillis + "]";
        }
    }

    /** Hikari refuses less; more than this and a run would sit a long time on a database that is gone. */
    private static final long MIN_CONNECTION_TIMEOUT_MS = 250;
    private static final long MAX_CONNECTION_TIMEOUT_MS = 600_000;

    public static StateSettings read(SettingsReader r) {
        Type type = r.option("kombo.state.store", Type.class);
        Jdbc jdbc = type == Type.JDBC ? readJdbc(r) : null;
        if (type != Type.JDBC && r.optional("kombo.state.jdbc.url").isPresent()) {
            r.problem("kombo.state.jdbc.url is set, but kombo.state.store=" + type.name().toLowerCase(Locale.ROOT)
                    + ": the database would not be used (set kombo.state.store=jdbc)");
        }
        return new StateSettings(type, r.path("kombo.sync.state-dir"), r.path("kombo.sync.dead-letter-dir"),
                r.path("kombo.update.idempotency-dir"), r.millis("kombo.update.idempotency-window-ms"),
                r.millis("kombo.update.idempotency-in-flight-timeout-ms"), r.millis("kombo.state.refresh-ms"), jdbc);
    }

    private static Jdbc readJdbc(SettingsReader r) {
        String url = r.text("kombo.state.jdbc.url");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            r.problem("kombo.state.jdbc.url=" + new Jdbc(url, null, null, 0, 0).where()
                    + " is not a PostgreSQL URL (jdbc:postgresql://host:5432/database)");
        }
        // a password in the URL would reach logs and --check: it is a secret, given apart
        if (url.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
            r.problem("kombo.state.jdbc.url carries a password: give it as KOMBO_STATE_JDBC_PASSWORD or "
                    + "KOMBO_STATE_JDBC_PASSWORD_FILE instead");
        }
        return new Jdbc(url, r.optional("kombo.state.jdbc.username").orElse(null),
                r.optional("kombo.state.jdbc.password").orElse(null), r.integer("kombo.state.jdbc.pool-size", 1, 100),
                r.number("kombo.state.jdbc.connection-timeout-ms", MIN_CONNECTION_TIMEOUT_MS, MAX_CONNECTION_TIMEOUT_MS));
    }
}
