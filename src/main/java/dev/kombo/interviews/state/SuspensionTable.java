package dev.kombo.interviews.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kombo.interviews.kombo.IntegrationSuspensions.Suspension;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.kombo.SuspensionRecords;

/**
 * Suspensions in {@code kombo_suspension}, one row per Kombo integration id. The insert does nothing when the
 * integration is suspended already, so of two replicas suspending at once the first one's reason stays.
 */
final class SuspensionTable implements SuspensionRecords {

    private final JdbcStateStore store;

    SuspensionTable(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Suspension> all() {
        return store.call("read the suspensions", c -> {
            Map<String, Suspension> all = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT integration_id, status, code, title, message, "
                    + "log_url, since, replica FROM kombo_suspension");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    KomboError error = new KomboError(row.getInt(2), row.getString(3), row.getString(4),
                            row.getString(5), row.getString(6), Optional.empty());
                    all.put(row.getString(1), new Suspension(error,
                            row.getObject(7, OffsetDateTime.class).toInstant(), row.getString(8)));
                }
            }
            return all;
        });
    }

    @Override
    public boolean suspend(String integrationId, Suspension suspension) {
        return store.call("record the suspension of " + integrationId, c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO kombo_suspension (integration_id, status, "
                    + "code, title, message, log_url, since, replica) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (integration_id) DO NOTHING")) {
                KomboError error = suspension.error();
                insert.setString(1, integrationId);
                insert.setInt(2, error.status());
                insert.setString(3, error.code());
                insert.setString(4, error.title());
                insert.setString(5, error.message());
                insert.setString(6, error.logUrl());
                insert.setObject(7, OffsetDateTime.ofInstant(suspension.since(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(8, suspension.replica());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean resume(String integrationId) {
        return store.call("resume " + integrationId, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM kombo_suspension WHERE integration_id = ?")) {
                delete.setString(1, integrationId);
                return delete.executeUpdate() == 1;
            }
        });
    }
}
