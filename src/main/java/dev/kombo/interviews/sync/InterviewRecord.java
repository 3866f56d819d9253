package dev.kombo.interviews.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One interview exactly as Kombo sent it ({@link #utf8()} / {@link #json()}), plus the few fields sinks route on.
 *
 * @param id        Kombo's interview id
 * @param changedAt Kombo's {@code changed_at}
 * @param deleted   true when {@code remote_deleted_at} is set: sinks mark these, never drop them
 * @param utf8      the record's JSON, byte for byte as received (UTF-8); file sinks write these bytes as they are
 */
public record InterviewRecord(String id, String changedAt, boolean deleted, byte[] utf8) {

    /** The record's JSON as text (for sinks that send text, such as JMS). */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The record on one line, for NDJSON: {@link #oneLine}. */
    public byte[] line() {
        return oneLine(utf8);
    }

    /**
     * JSON with its line breaks turned into spaces, the same length and the same JSON: a valid JSON text has
     * line breaks only between tokens (inside a string they are escaped).
     */
    public static byte[] oneLine(byte[] json) {
        byte[] line = null;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                if (line == null) {
                    line = json.clone();
                }
                line[i] = ' ';
            }
        }
        return line == null ? json : line;
    }

    /*
     * Identity, not content: Camel's bean language hashes the object for every ${body.x} it evaluates, and
     * hashing every record's JSON on each call cost more than writing the page.
     */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /**
     * Identifies this version of the record: the same interview with the same content gives the same value,
     * so a re-delivered version can be recognised (Artemis duplicate detection), while any change (also of
     * nested data, which does not move {@code changed_at}) gives a new one.
     */
    public String versionKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf8);
            return id + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
