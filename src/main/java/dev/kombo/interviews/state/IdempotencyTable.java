package dev.kombo.interviews.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.update.IdempotencyCache;
import dev.kombo.interviews.update.UpdateOutcome;

/**
 * Idempotency keys in {@code kombo_idempotency_key}, shared by every replica on the database. Inserting the row
 * is the claim ({@code ON CONFLICT DO NOTHING}: of the replicas that insert one key at once, exactly one gets a
 * row). A claim whose replica died is taken over after the in-flight timeout, an outcome is replayed for the
 * window, and a FAILED (perhaps applied) outcome is claimed anew with that outcome handed on: each by an update
 * that compares the row's claim id with the one just read, so again only one replica wins. Times are the
 * database's clock, the one clock all replicas share.
 *
 * <p>camel-sql's {@code JdbcMessageIdRepository} (Camel's JDBC idempotent repository) keeps only a processor name
 * and a message id: it can say "seen", not hand back the stored answer, tell a claim in flight from an outcome,
 * let a claim or an outcome expire, or re-claim an uncertain outcome for one replica only. So it does not fit.
 */
final class IdempotencyTable implements IdempotencyCache {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyTable.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    private static final long PURGE_EVERY_MS = 60_000;

    private final JdbcStateStore store;
    private final long windowMillis;
    private final long inFlightTimeoutMillis;
    /** The claim id of each key this instance holds a claim on: its outcome or abandon applies only to that claim. */
    private final Map<String, UUID> claims = new ConcurrentHashMap<>();
    private volatile long purgedAt;

    IdempotencyTable(JdbcStateStore store, long windowMillis, long inFlightTimeoutMillis) {
        this.store = store;
        this.windowMillis = windowMillis;
        this.inFlightTimeoutMillis = inFlightTimeoutMillis;
    }

    /** What a claimed key's row says. */
    private record Row(UUID claim, long ageMillis, String outcome) {
    }

    @Override
    public Lookup begin(String key) {
        purgeNowAndThen();
        byte[] hash = sha256(key);
        UpdateOutcome uncertain = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            UUID claim = UUID.randomUUID();
            if (insertClaim(key, hash, claim)) {
                claims.put(key, claim);
                return new Fresh(uncertain);
            }
            Row row = read(hash);
            if (row == null) {
                continue; // abandoned by its owner meanwhile: claim it
            }
            if (row.outcome() == null && row.ageMillis() <= inFlightTimeoutMillis) {
                return new InFlight();
            }
            if (row.outcome() != null && row.ageMillis() <= windowMillis) {
                UpdateOutcome outcome = outcome(row.outcome());
                if (outcome.result() != UpdateOutcome.Result.FAILED) {
                    return new Replay(outcome);
                }
                uncertain = outcome;
            }
            // an expired claim or outcome, or an uncertain outcome: taken over only if nobody took it since we read it
            if (takeOver(hash, row.claim(), claim)) {
                claims.put(key, claim);
                return new Fresh(uncertain);
            }
        }
        return new InFlight();
    }

    @Override
    public void finish(String key, UpdateOutcome outcome) {
        UUID claim = claims.remove(key);
        if (claim == null) {
            return; // not claimed here: nothing of ours to answer
        }
        String json;
        try {
            json = JSON.writeValueAsString(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an update's outcome cannot be written as JSON", e);
        }
        int stored = store.call("store the outcome of an idempotency key", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE kombo_idempotency_key SET result = ?, "
                    + "outcome = ?, touched_at = now() WHERE key_sha256 = ? AND claim = ?")) {
                update.setString(1, outcome.result().name());
                update.setString(2, json);
                update.setBytes(3, sha256(key));
                update.setObject(4, claim);
                return update.executeUpdate();
            }
        });
        if (stored == 0) {
            LOG.warn("an idempotency key's claim was taken over by another request after the in-flight timeout "
                    + "(kombo.update.idempotency-in-flight-timeout-ms); this request's outcome ({}) is not kept",
                    outcome.result());
        }
    }

    @Override
    public void abandon(String key) {
        UUID claim = claims.remove(key);
        if (claim == null) {
            return;
        }
        store.call("give up the claim of an idempotency key", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM kombo_idempotency_key "
                    + "WHERE key_sha256 = ? AND claim = ? AND outcome IS NULL")) {
                delete.setBytes(1, sha256(key));
                delete.setObject(2, claim);
                return delete.executeUpdate();
            }
        });
    }

    private boolean insertClaim(String key, byte[] hash, UUID claim) {
        return store.call("claim an idempotency key", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO kombo_idempotency_key (key_sha256, key, "
                    + "claim, touched_at) VALUES (?, ?, ?, now()) ON CONFLICT (key_sha256) DO NOTHING")) {
                insert.setBytes(1, hash);
                insert.setString(2, JdbcStateStore.text(key));
                insert.setObject(3, claim);
                return insert.executeUpdate() == 1;
            }
        });
    }

    private Row read(byte[] hash) {
        return store.call("read an idempotency key", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT claim, "
                    + "(extract(epoch FROM clock_timestamp() - touched_at) * 1000)::bigint, outcome "
                    + "FROM kombo_idempotency_key WHERE key_sha256 = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new Row(row.getObject(1, UUID.class), row.getLong(2), row.getString(3)) : null;
                }
            }
        });
    }

    /** Compare-and-set on the claim id: true for the one request that replaced {@code seen}. */
    private boolean takeOver(byte[] hash, UUID seen, UUID claim) {
        return store.call("claim an expired or uncertain idempotency key", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE kombo_idempotency_key SET claim = ?, "
                    + "touched_at = now(), result = NULL, outcome = NULL WHERE key_sha256 = ? AND claim = ?")) {
                update.setObject(1, claim);
                update.setBytes(2, hash);
                update.setObject(3, seen);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Rows past both the window and the in-flight timeout serve nobody: removed about once a minute. */
    private void purgeNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - purgedAt < PURGE_EVERY_MS) {
            return;
        }
        purgedAt = now;
        int purged = store.call("remove expired idempotency keys", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM kombo_idempotency_key "
                    + "WHERE touched_at < now() - ? * interval '1 millisecond'")) {
                delete.setLong(1, Math.max(windowMillis, inFlightTimeoutMillis));
                return delete.executeUpdate();
            }
        });
        if (purged > 0) {
            LOG.debug("removed {} expired idempotency key(s)", purged);
        }
    }

    private static UpdateOutcome outcome(String json) {
        try {
            return JSON.readValue(json, UpdateOutcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored idempotency outcome is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
