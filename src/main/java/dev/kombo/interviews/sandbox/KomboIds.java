package dev.kombo.interviews.sandbox;

import java.util.Arrays;

/**
 * Kombo-like 24-character base58 ids that encode their record index, so the sandbox can resolve an id
 * back to its record without keeping an index in memory.
 *
 * <p>The last 11 characters are a keyed Feistel permutation of the index (11 base58 digits hold any
 * 64-bit value), the first 13 are noise derived from it. Decoding inverts the permutation and then
 * re-encodes to reject ids that merely look plausible.
 */
final class KomboIds {

    enum Kind {
        INTERVIEW, APPLICATION, CANDIDATE, JOB, USER, STAGE
    }

    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static final int LENGTH = 24;
    private static final int NOISE_LENGTH = 13;
    private static final int ROUNDS = 4;
    private static final int[] DIGIT = new int[128];

    static {
        Arrays.fill(DIGIT, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGIT[ALPHABET.charAt(i)] = i;
        }
    }

    private final long[][] roundKeys = new long[Kind.values().length][ROUNDS];

    KomboIds(long seed) {
        for (Kind kind : Kind.values()) {
            for (int r = 0; r < ROUNDS; r++) {
                roundKeys[kind.ordinal()][r] = mix(seed + 0x632BE59BD9B4E019L * (kind.ordinal() * ROUNDS + r + 1));
            }
        }
    }

    String id(Kind kind, int index) {
        long permuted = permute(roundKeys[kind.ordinal()], index);
        char[] out = new char[LENGTH];
        long noise = mix(permuted ^ roundKeys[kind.ordinal()][0]);
        for (int i = 0; i < NOISE_LENGTH; i++) {
            out[i] = ALPHABET.charAt((int) Long.remainderUnsigned(mix(noise + i), 58));
        }
        long value = permuted;
        for (int i = LENGTH - 1; i >= NOISE_LENGTH; i--) {
            out[i] = ALPHABET.charAt((int) Long.remainderUnsigned(value, 58));
            value = Long.divideUnsigned(value, 58);
        }
        return new String(out);
    }

    /** The index encoded in {@code id}, or -1 if it is not an id of this kind from this sandbox. */
    int index(Kind kind, String id) {
        if (id == null || id.length() != LENGTH) {
            return -1;
        }
        long value = 0;
        for (int i = NOISE_LENGTH; i < LENGTH; i++) {
            char c = id.charAt(i);
            int digit = c < 128 ? DIGIT[c] : -1;
            if (digit < 0) {
                return -1;
            }
            long high = Math.multiplyHigh(value, 58) + ((value >> 63) & 58); // unsigned overflow check
            value = value * 58 + digit;
            if (high != 0 || Long.compareUnsigned(value, digit) < 0) {
                return -1;
            }
        }
        long index = unpermute(roundKeys[kind.ordinal()], value);
        if (index < 0 || index > Integer.MAX_VALUE) {
            return -1;
        }
        return id.equals(id(kind, (int) index)) ? (int) index : -1;
    }

    private static long permute(long[] keys, long value) {
        int left = (int) (value >>> 32);
        int right = (int) value;
        for (long key : keys) {
            int next = left ^ round(right, key);
            left = right;
            right = next;
        }
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static long unpermute(long[] keys, long value) {
        int left = (int) (value >>> 32);
        int right = (int) value;
        for (int r = keys.length - 1; r >= 0; r--) {
            int previous = right ^ round(left, keys[r]);
            right = left;
            left = previous;
        }
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int round(int half, long key) {
        return (int) mix((half & 0xFFFFFFFFL) ^ key);
    }

    /** SplitMix64 finaliser: cheap, well-distributed, used wherever the sandbox needs a stable hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
