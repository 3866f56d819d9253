package dev.kombo.interviews.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.PageReader;

/**
 * Kept records in {@code kombo_kept_record}, each with its bytes exactly as Kombo sent them ({@code bytea}, line
 * breaks and all). A batch is one page of one run, named {@code <run>#p<page>}; keeping a page again (a page
 * delivered again after a resume) and settling a batch after a replay each replace the batch in one transaction.
 */
final class KeptRecordTable implements KeptRecords {

    private static final String PAGE_MARK = "#p";
    private final JdbcStateStore store;

    KeptRecordTable(JdbcStateStore store) {
        this.store = store;
    }

    @Override
    public void keep(InterviewPage page, List<PageReader.Rejected> rejected) {
        String now = Instant.now().toString();
        List<Kept> kept = rejected.stream()
                .map(r -> new Kept(r.reason(), page.runId(), page.number(), now, r.raw())).toList();
        store.transaction("keep the rejected records of " + page.integration() + " page " + page.number(),
                c -> replace(c, page.integration(), page.runId(), page.number(), kept));
    }

    @Override
    public long waiting(String integration) {
        return store.call("count the kept records of " + integration, c -> {
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT count(*) FROM kombo_kept_record WHERE integration = ?")) {
                count.setString(1, integration);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Batch> batches(String integration) {
        return store.call("read the kept records of " + integration, c -> {
            List<Batch> batches = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT run, page, kept_at, reason, record "
                    + "FROM kombo_kept_record WHERE integration = ? ORDER BY run, page, position")) {
                select.setString(1, integration);
                try (ResultSet row = select.executeQuery()) {
                    String id = null;
                    List<Kept> records = null;
                    while (row.next()) {
                        String run = row.getString(1);
                        int page = row.getInt(2);
                        if (!(run + PAGE_MARK + page).equals(id)) {
                            id = run + PAGE_MARK + page;
                            records = new ArrayList<>();
                            batches.add(new Batch(id, records));
                        }
                        records.add(new Kept(row.getString(4), run, page,
                                row.getObject(3, OffsetDateTime.class).toInstant().toString(), row.getBytes(5)));
                    }
                }
            }
            return batches.stream().map(b -> new Batch(b.id(), List.copyOf(b.records()))).toList();
        });
    }

    @Override
    public void settle(Batch batch, String integration, List<Kept> remaining) {
        int mark = batch.id().lastIndexOf(PAGE_MARK);
        String run = batch.id().substring(0, mark);
        int page = Integer.parseInt(batch.id().substring(mark + PAGE_MARK.length()));
        store.transaction("settle the replayed records of " + integration + " (" + batch.id() + ")",
                c -> replace(c, integration, run, page, remaining));
    }

    @Override
    public String where(String integration) {
        return "table kombo_kept_record (integration '" + integration + "') of " + store.where();
    }

    /** The batch's rows become {@code records}, in their order (none: the batch goes). */
    private static int replace(Connection c, String integration, String run, int page, List<Kept> records)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM kombo_kept_record WHERE integration = ? AND run = ? AND page = ?")) {
            delete.setString(1, integration);
            delete.setString(2, run);
            delete.setInt(3, page);
            delete.executeUpdate();
        }
        if (records.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO kombo_kept_record (integration, run, page, "
                + "position, kept_at, reason, record) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int position = 0; position < records.size(); position++) {
                Kept kept = records.get(position);
                insert.setString(1, integration);
                insert.setString(2, run);
                insert.setInt(3, page);
                insert.setInt(4, position);
                insert.setObject(5, OffsetDateTime.ofInstant(Instant.parse(kept.keptAt()), ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(6, JdbcStateStore.text(kept.reason()));
                insert.setBytes(7, kept.record());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return records.size();
    }
}
