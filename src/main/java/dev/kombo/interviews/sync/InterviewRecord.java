package dev.kombo.interviews.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One interview exactly as Kombo sent it ({@link #json()}), plus the few fields sinks route on.
 *
 * @param id        Kombo's interview id
 * @param changedAt Kombo's {@code changed_at}
 * @param deleted   true when {@code remote_deleted_at} is set: sinks mark these, never drop them
 * @param json      the record's JSON, field for field as received
 */
public record InterviewRecord(String id, String changedAt, boolean deleted, String json) {

    /**
     * Identifies this version of the record: the same interview with the same content gives the same value,
     * so a re-delivered version can be recognised (Artemis duplicate detection), while any change (also of
     * nested data, which does not move {@code changed_at}) gives a new one.
     */
    public String versionKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return id + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
