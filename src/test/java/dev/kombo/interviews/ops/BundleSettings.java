package dev.kombo.interviews.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.BundleConfiguration;

/**
 * What the bundle reads, taken from the project itself: every key of {@code config/application.properties}
 * (set, or documented as a commented-out {@code # key =} line), the secrets the code reads directly or from a
 * {@code <key>-file} ({@link BundleConfiguration#SECRETS}), and the per-integration keys, valid for the
 * integrations a container lists in {@code kombo.integrations}. An environment variable reaches a key the way
 * Camel's properties component looks it up: upper case, {@code .} and {@code -} as {@code _}.
 */
final class BundleSettings {

    static final String INTEGRATIONS = "kombo.integrations";
    private static final String INTEGRATION_PREFIX = "kombo.integration.";
    /** Camel's own key for where the YAML routes are read from. */
    static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";
    private static final Pattern KEY_LINE =
            Pattern.compile("^(#\\s*)?([a-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)+)\\s*=\\s*(.*)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}]+)}}");
    private static final Pattern PATH_VALUE = Pattern.compile("^(file:)?[A-Za-z0-9_./*-]*/[A-Za-z0-9_./*-]*$");

    private final String propertiesFile;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> integrationKeys = new LinkedHashSet<>();

    private BundleSettings(String propertiesFile) {
        this.propertiesFile = propertiesFile;
    }

    /** Reads the properties file the bundle loads by default, below the project root. */
    static BundleSettings load(Path projectRoot) throws IOException {
        String relative = configFile();
        BundleSettings settings = new BundleSettings(relative);
        Set<String> documented = new LinkedHashSet<>();
        for (String line : Files.readAllLines(projectRoot.resolve(relative))) {
            Matcher m = KEY_LINE.matcher(line.trim());
            if (m.matches()) {
                documented.add(m.group(2));
                if (m.group(1) == null) {
                    settings.defaults.put(m.group(2), m.group(3).trim());
                }
            }
        }
        for (String secret : BundleConfiguration.SECRETS) {
            documented.add(secret);
            documented.add(secret + "-file");
        }
        List<String> listed = csv(settings.defaults.getOrDefault(INTEGRATIONS, ""));
        for (String key : documented) {
            String name = integrationOf(key);
            if (name != null && listed.contains(name)) {
                settings.integrationKeys.add(key.substring(INTEGRATION_PREFIX.length() + name.length() + 1));
            } else {
                settings.keys.add(key);
            }
        }
        return settings;
    }

    /** {@code config/application.properties}: the location {@link Application} loads, without its scheme. */
    static String configFile() {
        return Application.DEFAULT_CONFIG.substring(Application.DEFAULT_CONFIG.indexOf(':') + 1);
    }

    String propertiesFile() {
        return propertiesFile;
    }

    /** The environment variable Camel reads for a key. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every environment variable that sets a key, for a container whose environment is {@code env}. */
    Map<String, String> envNames(Map<String, String> env) {
        Map<String, String> names = new TreeMap<>();
        for (String key : keysFor(env)) {
            names.put(envName(key), key);
        }
        return names;
    }

    /** Key to value as the bundle sees them in a container with environment {@code env}, placeholders resolved. */
    Map<String, String> effective(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (String key : keysFor(env)) {
            String value = env.get(envName(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        values.replaceAll((key, value) -> resolve(value, values, 0));
        return values;
    }

    /** Keys that name a port ({@code ….port}) and their values, for a container with environment {@code env}. */
    Map<String, String> ports(Map<String, String> env) {
        Map<String, String> ports = new TreeMap<>();
        effective(env).forEach((key, value) -> {
            if (key.endsWith(".port")) {
                ports.put(key, value);
            }
        });
        return ports;
    }

    /**
     * Files and folders the bundle reads or writes in a container with environment {@code env}, resolved against
     * its working directory: every value that is a path, the properties file itself, and the folder of a glob.
     */
    Map<String, Path> paths(Map<String, String> env, Path workdir) {
        Map<String, Path> paths = new TreeMap<>();
        paths.put("the properties file the bundle loads", workdir.resolve(propertiesFile).normalize());
        effective(env).forEach((key, value) -> {
            if (PATH_VALUE.matcher(value).matches() && !value.contains("//")) {
                paths.put(key, workdir.resolve(withoutGlob(value)).normalize());
            }
        });
        return paths;
    }

    /** Keys whose value names a file the bundle reads ({@code …-file}). */
    static boolean isFileKey(String key) {
        return key.endsWith("-file");
    }

    /** {@code file:routes/*.camel.yaml} → {@code routes}: the part of a location before its first wildcard. */
    static String withoutGlob(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        int wildcard = path.indexOf('*');
        if (wildcard < 0) {
            return path;
        }
        int slash = path.lastIndexOf('/', wildcard);
        return slash < 0 ? "." : path.substring(0, slash);
    }

    private Set<String> keysFor(Map<String, String> env) {
        Set<String> all = new LinkedHashSet<>(keys);
        String listed = env.getOrDefault(envName(INTEGRATIONS), defaults.getOrDefault(INTEGRATIONS, ""));
        for (String name : csv(listed)) {
            for (String suffix : integrationKeys) {
                all.add(INTEGRATION_PREFIX + name + "." + suffix);
            }
        }
        return all;
    }

    private static String resolve(String value, Map<String, String> values, int depth) {
        Matcher m = PLACEHOLDER.matcher(value);
        if (depth > 10 || !m.find()) {
            return value;
        }
        String inner = values.getOrDefault(m.group(1).trim(), "");
        return resolve(value.substring(0, m.start()) + inner + value.substring(m.end()), values, depth + 1);
    }

    /** The integration a {@code kombo.integration.<name>.<key>} key belongs to, or null for other keys. */
    private static String integrationOf(String key) {
        if (!key.startsWith(INTEGRATION_PREFIX)) {
            return null;
        }
        String rest = key.substring(INTEGRATION_PREFIX.length());
        int dot = rest.indexOf('.');
        return dot <= 0 ? null : rest.substring(0, dot);
    }

    private static List<String> csv(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
