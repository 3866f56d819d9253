package dev.kombo.interviews.kombo;

/**
 * The date-times Kombo's official SDK accepts (zod's {@code datetime({offset: true})}, which the SDK applies to
 * every {@code format: date-time} field): {@code YYYY-MM-DDTHH:mm}, optional {@code :ss} and a fraction after
 * the seconds, then {@code Z} or {@code ±HH:MM} / {@code ±HHMM}; the day must exist (leap years included).
 * Hand-written instead of zod's regular expression: it runs for every date field of every record.
 */
public final class KomboDateTime {

    private KomboDateTime() {
    }

    public static boolean valid(String text) {
        int n = text.length();
        if (n < 17 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
                || !digits(text, 8, 2) || text.charAt(10) != 'T' || !digits(text, 11, 2) || text.charAt(13) != ':'
                || !digits(text, 14, 2)) {
            return false;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || number(text, 11, 2) > 23
                || number(text, 14, 2) > 59) {
            return false;
        }
        int i = 16;
        if (text.charAt(i) == ':') {
            if (i + 3 > n || !digits(text, i + 1, 2) || number(text, i + 1, 2) > 59) {
                return false;
            }
            i += 3;
            if (i < n && text.charAt(i) == '.') {
                int start = ++i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
            }
        }
        if (i == n - 1) {
            return text.charAt(i) == 'Z';
        }
        char sign = i < n ? text.charAt(i) : ' ';
        if (sign != '+' && sign != '-') {
            return false;
        }
        int rest = n - i - 1;
        return (rest == 4 && digits(text, i + 1, 4))
                || (rest == 5 && digits(text, i + 1, 2) && text.charAt(i + 3) == ':' && digits(text, i + 4, 2));
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int count) {
        return Integer.parseInt(text, from, from + count, 10);
    }
}
