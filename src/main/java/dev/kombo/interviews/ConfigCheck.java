package dev.kombo.interviews;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.kombo.interviews.kombo.KomboErrorPolicy;
import dev.kombo.interviews.sink.SinkFiles;
import dev.kombo.interviews.sync.Integration;
import dev.kombo.interviews.sync.Integrations;
import dev.kombo.interviews.state.DeadLetterFolder;
import dev.kombo.interviews.state.StateSettings;
import dev.kombo.interviews.state.StateStore;
import dev.kombo.interviews.state.StateStores;
import dev.kombo.interviews.state.WatermarkFolder;
import dev.kombo.interviews.update.InboundAuth;

/**
 * {@code --check}: loads the configuration and the YAML routes into a CamelContext that is never started,
 * validates them with the code start-up runs ({@link Integrations}, {@link KomboErrorPolicy}, {@link InboundAuth},
 * the bundle's wiring) plus what start-up would only trip over later (route ids, sink routes, placeholders, sink
 * settings), prints the effective pipeline per integration and every problem found. It starts nothing: no
 * embedded service, server, broker connection or consumer, and writes no file.
 */
public final class ConfigCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
    /** Camel names the key it could not resolve: "Property with key [x] not found ...". */
    private static final Pattern MISSING_KEY = Pattern.compile("key \\[([^]]+)]");
    private static final Pattern HTTP_METHOD = Pattern.compile("httpMethodRestrict=([A-Za-z,]+)");
    /** Route inputs that are not entry points from outside: hand-offs between routes and the sync's own triggers. */
    private static final Set<String> INTERNAL_SCHEMES = Set.of("direct", "seda", "timer", "quartz", "scheduler");
    private static final String SINK_ROUTE = "direct:sink-";

    private final DefaultCamelContext context;
    private final PropertiesComponent properties;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private StateSettings state;

    private ConfigCheck(DefaultCamelContext context, PrintStream out) {
        this.context = context;
        this.properties = context.getPropertiesComponent();
        this.out = out;
    }

    /**
     * Checks the configuration at {@code location} with {@code overrides} on top (the command-line switches),
     * prints the pipeline and the verdict to {@code out}, and returns the exit code: 0 valid, 1 problems found.
     */
    public static int run(String location, Properties overrides, PrintStream out) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // no "shutting down" log lines around the report: the context was never started
            context.setStartupSummaryLevel(StartupSummaryLevel.Off);
            ConfigCheck check = new ConfigCheck(context, out);
            Resource config = PluginHelper.getResourceLoader(context).resolveResource(location);
            if (!config.exists()) {
                check.problems.add("configuration " + location + " not found"
                        + (location.contains(":") ? "" : " on the classpath (a file is file:<path>)"));
                return check.verdict();
            }
            context.getPropertiesComponent().setLocation(location);
            Properties copy = new Properties();
            copy.putAll(overrides);
            context.getPropertiesComponent().setOverrideProperties(copy);
            return check.check(location, config);
        }
    }

    private int check(String location, Resource config) {
        problems.addAll(BundleConfiguration.readSecretFiles(properties));
        standInForEmbeddedServices();
        // the same reading, and so the same rules, as start-up
        Settings settings = Settings.read(this::property, problems);
        Integrations integrations = settings.integrations();
        state = settings.state();
        int routeFiles = loadRoutes();
        List<RouteDefinition> routes = context.getRouteDefinitions();
        checkPlaceholders(config);
        Set<String> sinkRoutes = routes.stream().map(ConfigCheck::input).filter(uri -> uri.startsWith(SINK_ROUTE))
                .map(uri -> uri.substring(SINK_ROUTE.length())).collect(Collectors.toSet());
        checkSinks(integrations, sinkRoutes);
        checkInbound(routes);
        if (problems.isEmpty()) {
            // what else start-up refuses (a required setting missing, a value that is not a number):
            // start-up's own wiring, run on this context, which is never started
            try {
                BundleConfiguration.configureBundle(context, properties);
            } catch (RuntimeException e) {
                problems.add("start-up would fail: " + e.getMessage());
            }
        }
        out.println("configuration " + location + ", " + routeFiles + " route file(s) from "
                + routePatterns());
        printState();
        printPipeline(integrations, sinkRoutes, routes);
        return verdict();
    }

    private int verdict() {
        List<String> found = problems.stream().distinct().toList();
        found.forEach(problem -> out.println("problem: " + problem));
        out.println(found.isEmpty() ? "OK" : "FAILED: " + found.size() + " problem(s)");
        return found.isEmpty() ? 0 : 1;
    }

    /**
     * What EmbeddedServices publishes when it starts the sandbox and the broker (their URLs, the sandbox's key),
     * stood in for so that the checks and the printed pipeline see what start-up sees.
     */
    private void standInForEmbeddedServices() {
        if (flag("kombo.sandbox.enabled")) {
            properties.addOverrideProperty("kombo.base-url", "http://" + value("kombo.sandbox.host") + ":"
                    + value("kombo.sandbox.port") + "/v1");
            if (property("kombo.api-key").isEmpty() && property("kombo.api-key-file").isEmpty()) {
                properties.addOverrideProperty("kombo.api-key", "generated-by-the-sandbox");
            }
        }
        if (flag("jms.broker.embedded")) {
            properties.addOverrideProperty("jms.broker.url", "tcp://" + value("jms.broker.embedded.host") + ":"
                    + value("jms.broker.embedded.port"));
        }
    }

    private String routePatterns() {
        return property("camel.main.routes-include-pattern")
                .orElseGet(() -> new MainConfigurationProperties().getRoutesIncludePattern());
    }

    /** Loads the route files as Camel main does, one at a time so that a broken file hides none of the others. */
    private int loadRoutes() {
        Map<String, String> fileOfRoute = new HashMap<>();
        int files = 0;
        for (String pattern : routePatterns().split(",")) {
            Collection<Resource> found;
            try {
                found = PluginHelper.getPackageScanResourceResolver(context).findResources(pattern.trim());
            } catch (Exception e) {
                problems.add("camel.main.routes-include-pattern: cannot list " + pattern + " (" + e.getMessage() + ")");
                continue;
            }
            for (Resource file : found.stream().sorted(Comparator.comparing(Resource::getLocation)).toList()) {
                files++;
                loadRouteFile(file, fileOfRoute);
            }
        }
        if (files == 0) {
            problems.add("no route file matches camel.main.routes-include-pattern=" + routePatterns());
        }
        return files;
    }

    private void loadRouteFile(Resource file, Map<String, String> fileOfRoute) {
        String name = display(file);
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(file);
        } catch (Exception e) {
            problems.add(name + " cannot be loaded: " + e.getMessage());
            return;
        }
        for (RouteDefinition route : context.getRouteDefinitions()) {
            if (route.getResource() == null || !route.getResource().getLocation().equals(file.getLocation())) {
                continue;
            }
            if (!route.hasCustomIdAssigned()) {
                problems.add(name + ": the route from " + input(route) + " has no id (logs, health and metrics name "
                        + "routes by id)");
            } else {
                // Camel lets a later route with the same id replace the earlier one without a word
                String first = fileOfRoute.putIfAbsent(route.getRouteId(), name);
                if (first != null) {
                    problems.add("route id " + route.getRouteId() + " is used in " + first + " and in " + name);
                }
            }
        }
        checkPlaceholders(file, name);
    }

    /** Every {{placeholder}} in a route file resolves, except a route template's own parameters. */
    private void checkPlaceholders(Resource file, String name) {
        JsonNode items;
        try (InputStream in = file.getInputStream()) {
            items = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            problems.add(name + " cannot be read: " + e.getMessage());
            return;
        }
        for (JsonNode item : items.isArray() ? items : List.of(items)) {
            item.fields().forEachRemaining(element -> {
                JsonNode body = element.getValue();
                Set<String> parameters = new HashSet<>();
                if (element.getKey().equals("routeTemplate")) {
                    body.path("parameters").forEach(parameter -> parameters.add(parameter.path("name").asText()));
                }
                String where = name + " (" + element.getKey() + " " + body.path("id").asText("without id") + ")";
                List<String> texts = new ArrayList<>();
                collectTexts(body, texts);
                texts.forEach(text -> unresolved(text, parameters).forEach(p -> problems.add(where + ": " + p)));
            });
        }
    }

    private static void collectTexts(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collectTexts(child, texts));
    }

    /** Every {{placeholder}} in the configuration file's values resolves. */
    private void checkPlaceholders(Resource config) {
        Properties raw = new Properties();
        try (InputStream in = config.getInputStream()) {
            raw.load(in);
        } catch (IOException e) {
            problems.add(display(config) + " cannot be read: " + e.getMessage());
            return;
        }
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            unresolved(raw.getProperty(key), Set.of())
                    .forEach(p -> problems.add(display(config) + ": " + key + ": " + p));
        }
    }

    /** The placeholders in {@code text} that Camel cannot resolve, each with the key that is missing. */
    private List<String> unresolved(String text, Set<String> skip) {
        List<String> found = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            if (skip.contains(placeholder.group(1).trim())) {
                continue;
            }
            try {
                context.resolvePropertyPlaceholders(placeholder.group());
            } catch (IllegalArgumentException e) {
                Matcher key = MISSING_KEY.matcher(String.valueOf(e.getMessage()));
                String missing = key.find() ? key.group(1) : placeholder.group(1);
                found.add(placeholder.group() + (missing.equals(placeholder.group(1)) ? "" : " does not resolve: "
                        + missing) + " is not set");
            }
        }
        return found;
    }

    private void checkSinks(Integrations integrations, Set<String> sinkRoutes) {
        Set<String> used = new HashSet<>();
        for (Integration integration : integrations.all()) {
            for (String sink : integration.sinks()) {
                used.add(sink);
                if (!sinkRoutes.contains(sink)) {
                    problems.add("integration " + integration.name() + " delivers to sink '" + sink
                            + "', but no route starts from " + SINK_ROUTE + sink);
                }
            }
        }
        if (used.contains("file")) {
            required("kombo.sink.file.folder", "the file sink writes below it");
            layout("kombo.sink.file.layout");
        }
        if (used.contains("sftp")) {
            checkSftp();
        }
        if (used.contains("jms")) {
            required("kombo.sink.jms.queue", "the JMS sink sends to it");
        }
    }

    private void checkSftp() {
        required("kombo.sink.sftp.host", "the SFTP sink connects to it");
        required("kombo.sink.sftp.username", "the SFTP sink logs in with it");
        property("kombo.sink.sftp.port").filter(port -> !port.trim().matches("\\d{1,5}")
                || Integer.parseInt(port.trim()) < 1 || Integer.parseInt(port.trim()) > 65535)
                .ifPresent(port -> problems.add("kombo.sink.sftp.port=" + port + " is not a port (1..65535)"));
        required("kombo.sink.sftp.port", "the SFTP sink connects to it");
        layout("kombo.sink.sftp.layout");
        for (String key : List.of("kombo.sink.sftp.fast-exists-check", "kombo.sink.sftp.stepwise")) {
            property(key).filter(value -> !value.trim().matches("(?i)true|false"))
                    .ifPresent(value -> problems.add(key + "=" + value + " is neither true nor false"));
        }
        if (flag("demo.sftp-server.enabled")) {
            return; // the demo server brings the credentials and writes its known_hosts line at start
        }
        Optional<String> privateKey = property("kombo.sink.sftp.private-key-file");
        if (property("kombo.sink.sftp.password").isEmpty() && privateKey.isEmpty()) {
            problems.add("SFTP credentials missing: set KOMBO_SINK_SFTP_PASSWORD (or _FILE) or "
                    + "kombo.sink.sftp.private-key-file");
        }
        privateKey.filter(file -> !Files.isReadable(Path.of(file.trim())))
                .ifPresent(file -> problems.add("kombo.sink.sftp.private-key-file=" + file + " cannot be read"));
        if (!property("kombo.sink.sftp.strict-host-key-checking").orElse("yes").trim().equalsIgnoreCase("no")) {
            property("kombo.sink.sftp.known-hosts-file").filter(file -> !Files.isRegularFile(Path.of(file.trim())))
                    .ifPresent(file -> problems.add("kombo.sink.sftp.known-hosts-file=" + file + " does not exist "
                            + "(strict host-key checking needs the server's key in it)"));
            required("kombo.sink.sftp.known-hosts-file", "strict host-key checking needs the server's key in it");
        }
    }

    private void checkInbound(List<RouteDefinition> routes) {
        String mode = property("kombo.inbound.auth").orElse("none");
        Optional<String> token = property("kombo.inbound.auth.token");
        Optional<String> username = property("kombo.inbound.auth.username");
        Optional<String> password = property("kombo.inbound.auth.password");
        try {
            new InboundAuth(mode, token.orElse(null), username.orElse(null), password.orElse(null));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        boolean credentials = token.isPresent() || username.isPresent() || password.isPresent();
        if (mode.trim().equalsIgnoreCase("none") && credentials) {
            problems.add("inbound credentials are set, but kombo.inbound.auth=none: the HTTP endpoints would take "
                    + "requests without them (set it to bearer or basic)");
        }
        if (!flag("camel.server.enabled") && routes.stream().anyMatch(r -> scheme(r).equals("platform-http"))) {
            problems.add("camel.server.enabled is not true, but routes listen on HTTP (platform-http)");
        }
    }

    private void printPipeline(Integrations integrations, Set<String> sinkRoutes, List<RouteDefinition> routes) {
        List<String> embedded = new ArrayList<>();
        if (flag("kombo.sandbox.enabled")) {
            embedded.add("Kombo sandbox");
        }
        if (flag("jms.broker.embedded")) {
            embedded.add("Artemis broker");
        }
        if (flag("demo.sftp-server.enabled")) {
            embedded.add("demo SFTP server");
        }
        out.println("embedded services (not started by --check): "
                + (embedded.isEmpty() ? "none" : String.join(", ", embedded)));
        out.println("outbound:");
        for (Integration i : integrations.all()) {
            out.println("  " + i.name() + " (X-Integration-Id " + i.id() + "): GET " + value("kombo.base-url")
                    + "/ats/interviews page_size=" + i.pageSize() + " include_deleted=" + i.includeDeleted()
                    + filter("ids", i.ids()) + filter("remote_ids", i.remoteIds()) + filter("job_ids", i.jobIds())
                    + filter("ignore_unsupported_filters", i.ignoreUnsupportedFilters())
                    + " updated_after=" + updatedAfter(i.name()) + " " + schedule(i) + " -> sinks "
                    + i.sinks().stream().map(sink -> describeSink(sink, sinkRoutes)).collect(Collectors.joining(", "))
                    + keptWaiting(i.name()));
        }
        out.println("inbound (JMS broker " + value("jms.broker.url") + "):");
        for (RouteDefinition route : routes) {
            if (INTERNAL_SCHEMES.contains(scheme(route))) {
                continue;
            }
            String uri = input(route);
            String endpoint = resolved(uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri);
            if (scheme(route).equals("platform-http")) {
                Matcher method = HTTP_METHOD.matcher(uri);
                endpoint = (method.find() ? method.group(1) : "any method") + " http://" + value("camel.server.host")
                        + ":" + value("camel.server.port") + endpoint.substring("platform-http:".length())
                        + " (auth " + property("kombo.inbound.auth").orElse("none") + ")";
            }
            out.println("  " + (route.hasCustomIdAssigned() ? route.getRouteId() : "(route without id)") + ": "
                    + endpoint);
        }
    }

    /** Where the state is kept; a database is named, not connected to (--check starts nothing). */
    private void printState() {
        try (StateStore store = StateStores.create(state)) {
            out.println("state: " + store.describe() + (state.type() == StateSettings.Type.JDBC
                    ? " (not connected to by --check: watermarks and kept records are not read)" : ""));
        }
    }

    /** The integration's kept records that wait for a replay, when there are any. */
    private String keptWaiting(String integration) {
        Optional<String> folder = property("kombo.sync.dead-letter-dir");
        if (folder.isEmpty() || state.type() != StateSettings.Type.FILE) {
            return "";
        }
        try {
            long waiting = new DeadLetterFolder(Path.of(folder.get().trim())).waiting(integration);
            return waiting == 0 ? "" : "; " + waiting + " kept record(s) wait for a replay (--replay-dead-letters="
                    + integration + ")";
        } catch (RuntimeException unreadable) {
            problems.add("kombo.sync.dead-letter-dir: " + unreadable.getMessage());
            return "";
        }
    }

    private String schedule(Integration integration) {
        if (property("kombo.sync.replay").isPresent()) {
            return "not synced (replaying kept records)";
        }
        if (flag("kombo.sync.run-once")) {
            return "once (run-once)";
        }
        return "every '" + integration.cron() + "'" + (flag("kombo.sync.on-startup") ? " and at start-up" : "");
    }

    private String updatedAfter(String integration) {
        Optional<String> resync = property("kombo.sync.resync-from");
        if (resync.isPresent()) {
            return resync.get().trim().equalsIgnoreCase("all") ? "(full resync)" : resync.get().trim() + " (resync)";
        }
        if (state.type() != StateSettings.Type.FILE) {
            return "(the watermark in the state database)";
        }
        return property("kombo.sync.state-dir").flatMap(dir -> new WatermarkFolder(Path.of(dir)).watermark(integration))
                .orElse("(no watermark: full sync)");
    }

    private String describeSink(String sink, Set<String> sinkRoutes) {
        return switch (sink) {
            case "file" -> "file(" + value("kombo.sink.file.folder") + ", " + value("kombo.sink.file.layout") + ")";
            case "sftp" -> "sftp(" + value("kombo.sink.sftp.username") + "@" + value("kombo.sink.sftp.host") + ":"
                    + value("kombo.sink.sftp.port") + "/" + value("kombo.sink.sftp.folder") + ", "
                    + value("kombo.sink.sftp.layout") + ")";
            case "jms" -> "jms(" + value("kombo.sink.jms.queue") + ")";
            default -> sink + "(" + SINK_ROUTE + sink + (sinkRoutes.contains(sink) ? "" : ": no such route") + ")";
        };
    }

    private static String filter(String name, String value) {
        return value == null ? "" : " " + name + "=" + value;
    }

    private void required(String key, String why) {
        if (property(key).isEmpty()) {
            problems.add(key + " is not set (" + Integrations.envName(key) + "): " + why);
        }
    }

    private void layout(String key) {
        property(key).ifPresentOrElse(layout -> {
            try {
                SinkFiles.layoutName(layout);
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }, () -> required(key, "ndjson or document"));
    }

    private Optional<String> property(String key) {
        return properties.resolveProperty(key).filter(v -> !v.isBlank());
    }

    private String value(String key) {
        return property(key).map(String::trim).orElse("<" + key + " not set>");
    }

    private boolean flag(String key) {
        return Boolean.parseBoolean(property(key).orElse("false").trim());
    }

    /** The URI with its placeholders resolved, or as written when one does not resolve (reported apart). */
    private String resolved(String uri) {
        try {
            return context.resolvePropertyPlaceholders(uri);
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static String input(RouteDefinition route) {
        return route.getInput().getEndpointUri();
    }

    private static String scheme(RouteDefinition route) {
        String uri = input(route);
        return uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
    }

    private static String display(Resource resource) {
        return resource.getLocation().replaceFirst("^file:", "");
    }
}
