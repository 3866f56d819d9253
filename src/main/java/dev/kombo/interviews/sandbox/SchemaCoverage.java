package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.sandbox.InterviewSchema.Field;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, from the seed alone, where the generated data uses what the contract allows: which nullable field
 * is null, which optional field is left out, which enum value is taken, and (with schema drift) where a value
 * the contract does not know appears.
 *
 * <p>A decision is keyed by the number of the thing the field belongs to: an interview's index for its own
 * fields, an application's number for the application and its candidate, a pool index for users and jobs.
 * Keys fall into blocks of {@value #PERIOD}; in every block each nullable field is null at exactly one key and
 * each optional field absent at exactly one other key, at positions drawn per field and block. So any
 * {@value #PERIOD} consecutive keys show every null and every absence the contract allows, at no fixed
 * stride: exactly 1/{@value #PERIOD} of a field's keys each (fewer in the answers where a parent object is
 * itself null or absent).
 */
final class SchemaCoverage {

    static final int PERIOD = 12;
    /** An {@code enum} value outside the contract, as Kombo may add one (schema drift only). */
    static final String DRIFT_ENUM_VALUE = "SANDBOX_DRIFT_VALUE";
    /** A field outside the contract, as Kombo may add one (schema drift only). */
    static final String DRIFT_FIELD = "sandbox_drift_field";

    private static final int NONE = -1;
    private static final int NULL = 0;
    private static final int ABSENT = 1;
    private static final int DRIFT = 2;
    private static final String RECORD = "";

    private final long seed;
    private final boolean drift;

    SchemaCoverage(long seed, boolean drift) {
        this.seed = seed;
        this.drift = drift;
    }

    boolean isNull(Field field, long key) {
        return field.nullable() && slot(field.path(), key) == NULL;
    }

    /** {@code value}, or null where this field's null falls. */
    <T> T orNull(Field field, long key, T value) {
        return isNull(field, key) ? null : value;
    }

    /** Names of the optional fields among {@code fields} that are left out at this key. */
    Set<String> absent(List<Field> fields, long key) {
        Set<String> absent = null;
        for (Field field : fields) {
            if (field.optional() && slot(field.path(), key) == ABSENT) {
                if (absent == null) {
                    absent = new HashSet<>(2);
                }
                absent.add(field.name());
            }
        }
        return absent == null ? Set.of() : Set.copyOf(absent);
    }

    /** One of the field's enum values, evenly spread; null where its null falls, the drift value where drift falls. */
    String pick(Field field, long key) {
        int slot = slot(field.path(), key);
        if (field.nullable() && slot == NULL) {
            return null;
        }
        if (drift && slot == DRIFT) {
            return DRIFT_ENUM_VALUE;
        }
        List<String> values = field.enumValues();
        return values.get((int) Long.remainderUnsigned(hash(field.path(), key, 0x5DEECE66DL), values.size()));
    }

    /** Whether the record at this key carries {@link #DRIFT_FIELD}. */
    boolean driftsRecord(long key) {
        return drift && slot(RECORD, key) == DRIFT;
    }

    /** Which of the three positions of the key's block this key holds, if any. */
    private int slot(String path, long key) {
        long block = Math.floorDiv(key, PERIOD);
        int position = (int) Math.floorMod(key, PERIOD);
        long h = hash(path, block, 0x9E3779B97F4A7C15L);
        int nullAt = (int) Long.remainderUnsigned(h, PERIOD);
        int absentAt = (nullAt + 1 + (int) Long.remainderUnsigned(h >>> 21, PERIOD - 1)) % PERIOD;
        int driftAt = (int) Long.remainderUnsigned(h >>> 42, PERIOD - 2); // then skip the two taken positions
        int low = Math.min(nullAt, absentAt);
        if (driftAt >= low) {
            driftAt++;
        }
        if (driftAt >= Math.max(nullAt, absentAt)) {
            driftAt++;
        }
        return position == nullAt ? NULL : position == absentAt ? ABSENT : position == driftAt ? DRIFT : NONE;
    }

    private long hash(String path, long key, long salt) {
        return KomboIds.mix(seed ^ KomboIds.mix(path.hashCode() + salt) ^ (key * 0xBF58476D1CE4E5B9L));
    }
}
