package dev.kombo.interviews.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import dev.kombo.interviews.sync.WatermarkStore;

/**
 * Watermarks and checkpoints in {@code kombo_sync_state}, one row per integration. A checkpoint is one upsert
 * of the cursor with the counts of the pages before it, so the two always agree; a cleared checkpoint is the
 * row's checkpoint columns set to null.
 */
final class WatermarkTable implements WatermarkStore {

    private final JdbcStateStore store;

    WatermarkTable(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> watermark(String integration) {
        return store.call("read the watermark of " + integration, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT watermark FROM kombo_sync_state WHERE integration = ?")) {
                select.setString(1, integration);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)).filter(v -> !v.isBlank()) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void advance(String integration, String watermark) {
        store.call("advance the watermark of " + integration, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO kombo_sync_state "
                    + "(integration, watermark, watermark_at) VALUES (?, ?, now()) ON CONFLICT (integration) "
                    + "DO UPDATE SET watermark = excluded.watermark, watermark_at = excluded.watermark_at")) {
                upsert.setString(1, integration);
                upsert.setString(2, watermark);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Checkpoint> checkpoint(String integration) {
        return store.call("read the checkpoint of " + integration, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT run_started_at, updated_after, next_cursor, "
                    + "pages_done, records_done, deleted_done, rejected_done FROM kombo_sync_state "
                    + "WHERE integration = ? AND run_started_at IS NOT NULL")) {
                select.setString(1, integration);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Checkpoint(row.getString(1), row.getString(2), row.getString(3),
                            row.getInt(4), row.getLong(5), row.getLong(6), row.getLong(7)));
                }
            }
        });
    }

    @Override
    public void saveCheckpoint(String integration, Checkpoint checkpoint) {
        store.call("save the checkpoint of " + integration, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO kombo_sync_state (integration, "
                    + "run_started_at, updated_after, next_cursor, pages_done, records_done, deleted_done, "
                    + "rejected_done, checkpoint_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()) "
                    + "ON CONFLICT (integration) DO UPDATE SET run_started_at = excluded.run_started_at, "
                    + "updated_after = excluded.updated_after, next_cursor = excluded.next_cursor, "
                    + "pages_done = excluded.pages_done, records_done = excluded.records_done, "
                    + "deleted_done = excluded.deleted_done, rejected_done = excluded.rejected_done, "
                    + "checkpoint_at = excluded.checkpoint_at")) {
                upsert.setString(1, integration);
                upsert.setString(2, checkpoint.runStartedAt());
                upsert.setString(3, checkpoint.updatedAfter());
                upsert.setString(4, checkpoint.nextCursor());
                upsert.setInt(5, checkpoint.pagesDone());
                upsert.setLong(6, checkpoint.recordsDone());
                upsert.setLong(7, checkpoint.deletedDone());
                upsert.setLong(8, checkpoint.rejectedDone());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void clearCheckpoint(String integration) {
        store.call("clear the checkpoint of " + integration, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE kombo_sync_state SET run_started_at = NULL, "
                    + "updated_after = NULL, next_cursor = NULL, pages_done = NULL, records_done = NULL, "
                    + "deleted_done = NULL, rejected_done = NULL, checkpoint_at = NULL WHERE integration = ?")) {
                update.setString(1, integration);
                return update.executeUpdate();
            }
        });
    }
}
