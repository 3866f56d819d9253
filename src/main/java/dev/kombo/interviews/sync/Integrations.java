package dev.kombo.interviews.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * The integrations listed in {@code kombo.integrations}, each read from {@code kombo.integration.<name>.*}
 * with the {@code kombo.sync.*} values as defaults. Adding an integration is a properties edit.
 */
public final class Integrations {

    private final Map<String, Integration> byName;

    private Integrations(Map<String, Integration> byName) {
        this.byName = byName;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public List<Integration> all() {
        return List.copyOf(byName.values());
    }

    public Integration get(String name) {
        Integration integration = byName.get(name);
        if (integration == null) {
            throw new IllegalArgumentException("Unknown integration '" + name + "'; configured: " + names());
        }
        return integration;
    }

    /** The integration configured for a Kombo integration id ({@code X-Integration-Id}), if any. */
    public java.util.Optional<Integration> byKomboId(String komboId) {
        return byName.values().stream().filter(i -> i.id().equals(komboId)).findFirst();
    }

    /** Reads and validates every integration; fails listing every problem found, not just the first. */
    public static Integrations load(Function<String, Optional<String>> property) {
        List<String> problems = new ArrayList<>();
        Integrations integrations = read(property, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid integration configuration:\n  - "
                    + String.join("\n  - ", problems.stream().distinct().toList()));
        }
        return integrations;
    }

    /**
     * Reads every integration, adding each problem found to {@code problems}: start-up refuses them
     * ({@link #load}), {@code --check} lists them with the others it finds.
     */
    public static Integrations read(Function<String, Optional<String>> property, List<String> problems) {
        Map<String, Integration> byName = new LinkedHashMap<>();
        List<String> names = list(property.apply("kombo.integrations").orElse(""));
        if (names.isEmpty()) {
            problems.add("kombo.integrations lists no integration");
        }
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                problems.add("integration name '" + name + "' must be letters, digits, '-' or '_' (it names folders)");
                continue;
            }
            String prefix = "kombo.integration." + name + ".";
            Function<String, Optional<String>> own = key -> property.apply(prefix + key).filter(v -> !v.isBlank());
            Function<String, Optional<String>> withDefault =
                    key -> own.apply(key).or(() -> property.apply("kombo.sync." + key).filter(v -> !v.isBlank()));
            // problems name the key that holds the value: the integration's own or the kombo.sync default
            Function<String, String> keyOf = key -> own.apply(key).isPresent() ? prefix + key : "kombo.sync." + key;

            String id = own.apply("id").orElse(null);
            if (id == null) {
                problems.add(prefix + "id is not set (Kombo's X-Integration-Id)");
            }
            String apiKey = secret(own, "api-key", problems, prefix)
                    .or(() -> secret(key -> property.apply("kombo." + key).filter(v -> !v.isBlank()), "api-key",
                            problems, "kombo."))
                    .orElse(null);
            if (apiKey == null) {
                problems.add("no API key for integration '" + name + "': set " + envName(prefix + "api-key")
                        + " or KOMBO_API_KEY (or the *_FILE variant pointing at a mounted secret)");
            }
            List<String> sinks = list(withDefault.apply("sinks").orElse(""));
            if (sinks.isEmpty()) {
                problems.add(prefix + "sinks (or kombo.sync.sinks) names no sink");
            }
            int pageSize = 0;
            String pageSizeText = withDefault.apply("page-size").orElse("250");
            try {
                pageSize = Integer.parseInt(pageSizeText.trim());
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > 250) {
                problems.add(keyOf.apply("page-size") + "=" + pageSizeText + " is outside Kombo's 1..250");
            }
            String ignoreUnsupported = withDefault.apply("ignore-unsupported-filters").orElse(null);
            if (ignoreUnsupported != null && !ignoreUnsupported.matches("true|false")) {
                problems.add(prefix + "ignore-unsupported-filters must be true or false");
            }
            String includeDeleted = withDefault.apply("include-deleted").orElse("true");
            if (!includeDeleted.matches("true|false")) {
                problems.add(prefix + "include-deleted must be true or false");
            }
            String cron = withDefault.apply("cron").orElse("0 0/15 * * * ?");
            try {
                // checked here rather than when Quartz schedules it, after the routes have started; Camel's
                // quartz endpoint reads '+' as a space
                CronExpression.validateExpression(cron.replace('+', ' '));
            } catch (ParseException e) {
                problems.add(keyOf.apply("cron") + "='" + cron + "' is not a valid Quartz cron expression ("
                        + e.getMessage() + ")");
            }
            byName.put(name, new Integration(name, id, apiKey, sinks, pageSize, Boolean.parseBoolean(includeDeleted),
                    csv(own.apply("ids")), csv(own.apply("remote-ids")), csv(own.apply("job-ids")), ignoreUnsupported,
                    cron));
        }
        return new Integrations(byName);
    }

    /** A secret is taken from {@code key} (usually an environment variable) or from the file {@code key-file}. */
    static Optional<String> secret(Function<String, Optional<String>> property, String key, List<String> problems,
            String prefix) {
        Optional<String> value = property.apply(key);
        if (value.isPresent()) {
            return value.map(String::trim);
        }
        Optional<String> file = property.apply(key + "-file");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file.get().trim()), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            problems.add(prefix + key + "-file: cannot read " + file.get() + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    /** The environment variable that sets a property, e.g. {@code KOMBO_SINK_SFTP_HOST}. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String csv(Optional<String> value) {
        return value.map(v -> String.join(",", list(v))).filter(v -> !v.isEmpty()).orElse(null);
    }
}
