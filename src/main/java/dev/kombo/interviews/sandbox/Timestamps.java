package dev.kombo.interviews.sandbox;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kombo's timestamp format, {@code YYYY-MM-DDTHH:mm:ss.sssZ} in UTC, both ways. */
final class Timestamps {

    /** The contract's pattern for {@code updated_after}. */
    private static final Pattern UPDATED_AFTER =
            Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})(T(\\d{2}):(\\d{2}):(\\d{2})(\\.(\\d+))?)?Z?$");

    private Timestamps() {
    }

    /** Hand-rolled because it runs six times per record on the hot path. */
    static String format(Instant instant) {
        long millis = instant.toEpochMilli();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        char[] c = new char[24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, (int) Math.floorMod(millis, 1000), 3);
        c[23] = 'Z';
        return new String(c);
    }

    /**
     * Parses an {@code updated_after} value: the contract's pattern (date, optional time, optional
     * fraction, optional Z; always UTC) and a real calendar date-time.
     *
     * @return epoch millis, rounded up so that {@code updatedMillis >= result} means "updated at or after"
     * @throws IllegalArgumentException if the value does not match
     */
    static long parseUpdatedAfter(String value) {
        Matcher m = UPDATED_AFTER.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected YYYY-MM-DDTHH:mm:ss.sssZ");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalDateTime time = m.group(4) == null ? date.atStartOfDay()
                    : date.atTime(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    Integer.parseInt(m.group(7)));
            long millis = time.toInstant(ZoneOffset.UTC).toEpochMilli();
            String fraction = m.group(9);
            if (fraction != null) {
                String padded = (fraction + "000").substring(0, 3);
                millis += Integer.parseInt(padded);
                if (fraction.length() > 3 && !fraction.substring(3).chars().allMatch(ch -> ch == '0')) {
                    millis += 1; // sub-millisecond remainder: the next whole millisecond is the first match
                }
            }
            return millis;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void digits(char[] target, int offset, int value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            target[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
