package dev.kombo.interviews;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed settings from the properties (environment variables and {@code -D} included), collecting every
 * problem instead of stopping at the first: start-up refuses them all at once, {@code --check} lists them.
 * A value that is missing or wrong gives a harmless stand-in, so reading goes on.
 */
public final class SettingsReader {

    private final Function<String, Optional<String>> lookup;
    private final List<String> problems;

    public SettingsReader(Function<String, Optional<String>> lookup, List<String> problems) {
        this.lookup = key -> lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        this.problems = problems;
    }

    public Function<String, Optional<String>> lookup() {
        return lookup;
    }

    public Optional<String> optional(String key) {
        return lookup.apply(key);
    }

    public String text(String key) {
        return lookup.apply(key).orElseGet(() -> {
            problems.add(key + " is not set (" + dev.kombo.interviews.sync.Integrations.envName(key) + ")");
            return "";
        });
    }

    public Path path(String key) {
        return Path.of(text(key));
    }

    public boolean flag(String key) {
        String value = text(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            if (!value.isEmpty()) {
                problems.add(key + "=" + value + " is neither true nor false");
            }
            return false;
        }
        return Boolean.parseBoolean(value);
    }

    public long number(String key, long min, long max) {
        String value = text(key);
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                problems.add(key + "=" + value + " is outside " + min + ".." + max);
            }
            return number;
        } catch (NumberFormatException e) {
            if (!value.isEmpty()) {
                problems.add(key + "=" + value + " is not a whole number");
            }
            return min;
        }
    }

    public int integer(String key, int min, int max) {
        return (int) number(key, min, max);
    }

    /** Milliseconds, 0 or more. */
    public long millis(String key) {
        return number(key, 0, Long.MAX_VALUE);
    }

    public double decimal(String key, double min) {
        String value = text(key);
        try {
            double number = Double.parseDouble(value);
            if (!(number >= min)) {
                problems.add(key + "=" + value + " must be at least " + min);
            }
            return number;
        } catch (NumberFormatException e) {
            if (!value.isEmpty()) {
                problems.add(key + "=" + value + " is not a number");
            }
            return min;
        }
    }

    /** One of an enum's constants, written in lower case with dashes: {@code dead-letter} → {@code DEAD_LETTER}. */
    public <E extends Enum<E>> E option(String key, Class<E> type) {
        String value = text(key);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            if (!value.isEmpty()) {
                problems.add(key + ": '" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
            }
            return type.getEnumConstants()[0];
        }
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return problems;
    }

    /** Throws with every problem found, when there is one. */
    public static void refuse(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(what + ":\n  - " + String.join("\n  - ", new ArrayList<>(
                    new java.util.LinkedHashSet<>(problems))));
        }
    }
}
