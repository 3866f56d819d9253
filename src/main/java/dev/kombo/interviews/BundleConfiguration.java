package dev.kombo.interviews;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.CachingConnectionFactory;

import dev.kombo.interviews.kombo.AttemptTimeouts;
import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.kombo.KomboErrorPolicy;
import dev.kombo.interviews.observe.BundleMetrics;
import dev.kombo.interviews.update.HttpDeadline;
import dev.kombo.interviews.update.IdempotencyCache;
import dev.kombo.interviews.update.IdempotencyFolder;
import dev.kombo.interviews.update.IdempotencyMemory;
import dev.kombo.interviews.update.InboundAuth;
import dev.kombo.interviews.update.InterviewUpdater;
import dev.kombo.interviews.update.PatchConcurrency;
import dev.kombo.interviews.update.UpdateResponses;
import dev.kombo.interviews.update.UpdateRoutes;
import dev.kombo.interviews.update.UpdateValidator;
import dev.kombo.interviews.sink.BrokerHealthCheck;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sink.JmsPageSender;
import dev.kombo.interviews.sink.SinkFiles;
import dev.kombo.interviews.sync.CursorPager;
import dev.kombo.interviews.sync.DeadLetterFolder;
import dev.kombo.interviews.sync.DeadLetterReplay;
import dev.kombo.interviews.sync.Integration;
import dev.kombo.interviews.sync.Integrations;
import dev.kombo.interviews.sync.PageReader;
import dev.kombo.interviews.sync.RetryBudget;
import dev.kombo.interviews.sync.RunOnce;
import dev.kombo.interviews.sync.SyncRoutes;
import dev.kombo.interviews.sync.SyncHealthCheck;
import dev.kombo.interviews.sync.SyncRuns;
import dev.kombo.interviews.sync.SyncLeadership;
import dev.kombo.interviews.sync.SyncSchedules;
import dev.kombo.interviews.sync.SyncStatus;
import dev.kombo.interviews.sync.WatermarkStore;

/**
 * Wires the bundle from configuration: embedded services first (they publish URLs and credentials as
 * properties), then the beans the YAML routes call, then the Java routes. Invalid configuration fails
 * start-up with every problem listed.
 */
public final class BundleConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        List<String> unreadable = readSecretFiles(properties);
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unreadable));
        }
        absoluteFolders(properties);
        EmbeddedServices embedded = EmbeddedServices.start(properties);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                embedded.close();
            }
        }, true, true);
        context.getRegistry().bind("embeddedServices", embedded);
        try {
            configureBundle(context, properties);
            // Camel creates its meter registry as the context starts; the bundle's meters join it before any route
            // runs (--check never starts a context, so it has no use for this)
            context.addStartupListener(context.getRegistry().lookupByNameAndType(METRICS_BEAN, BundleMetrics.class));
        } catch (Exception e) {
            embedded.close();
            throw e;
        }
    }

    /** Registry name of the {@link BundleMetrics}, which the YAML update routes call too. */
    static final String METRICS_BEAN = "bundleMetrics";

    /**
     * Secrets the routes use as placeholders, each also readable from a file named by {@code <key>-file}. Public:
     * the container files are checked against it (a {@code *_FILE} variable must name one of these).
     */
    public static final List<String> SECRETS = List.of("kombo.sink.sftp.password", "jms.broker.password",
            "kombo.inbound.auth.token", "kombo.inbound.auth.password");

    /**
     * For each secret given as a file ({@code KOMBO_SINK_SFTP_PASSWORD_FILE=/run/secrets/…}) and not directly,
     * reads the file into the property. The API keys are read per integration by {@link Integrations}.
     * Returns a problem per file that cannot be read (naming the file, never its content).
     */
    static List<String> readSecretFiles(PropertiesComponent properties) {
        List<String> problems = new ArrayList<>();
        for (String key : SECRETS) {
            boolean direct = properties.resolveProperty(key).filter(v -> !v.isBlank()).isPresent();
            Optional<String> file = properties.resolveProperty(key + "-file").filter(v -> !v.isBlank());
            if (!direct && file.isPresent()) {
                try {
                    properties.addOverrideProperty(key, java.nio.file.Files.readString(Path.of(file.get().trim())).trim());
                } catch (java.io.IOException e) {
                    problems.add(key + "-file: cannot read " + file.get() + " (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        return problems;
    }

    /** Folders the file consumer moves requests into: Camel reads relative ones from the inbox, not from here. */
    private static void absoluteFolders(PropertiesComponent properties) {
        for (String key : List.of("kombo.update.file.done", "kombo.update.file.failed")) {
            properties.resolveProperty(key).filter(v -> !v.isBlank()).ifPresent(folder ->
                    properties.addOverrideProperty(key, Path.of(folder.trim()).toAbsolutePath().toString()));
        }
    }

    /** The bundle's beans, Java routes and components; {@code --check} runs it on a context it never starts. */
    /** kombo.update.idempotency-store: memory (one process) or folder (shared by the replicas). */
    private static IdempotencyCache idempotency(Function<String, String> required) {
        long window = Long.parseLong(required.apply("kombo.update.idempotency-window-ms"));
        String store = required.apply("kombo.update.idempotency-store").trim();
        return switch (store) {
            case "memory" -> new IdempotencyMemory(window,
                    Integer.parseInt(required.apply("kombo.update.idempotency-max-keys")));
            case "folder" -> new IdempotencyFolder(Path.of(required.apply("kombo.update.idempotency-dir")), window,
                    Long.parseLong(required.apply("kombo.update.idempotency-in-flight-timeout-ms")));
            default -> throw new IllegalArgumentException("kombo.update.idempotency-store must be memory or folder, not '"
                    + store + "'");
        };
    }

    /** A property's value as one of an enum's constants: {@code dead-letter} → {@code DEAD_LETTER}. */
    static <E extends Enum<E>> E option(Class<E> type, Function<String, String> required, String key) {
        String value = required.apply(key);
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not one of " + java.util.Arrays.stream(
                    type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .toList(), e);
        }
    }

    private static RetryBudget.Backoff backoff(Function<String, String> required, String prefix) {
        return new RetryBudget.Backoff(Long.parseLong(required.apply(prefix + ".initial-delay-ms")),
                Double.parseDouble(required.apply(prefix + ".multiplier")),
                Long.parseLong(required.apply(prefix + ".max-delay-ms")));
    }

    static void configureBundle(CamelContext context, PropertiesComponent properties) {

        Function<String, Optional<String>> p = key -> properties.resolveProperty(key).filter(v -> !v.isBlank());
        Function<String, String> required = key -> p.apply(key)
                .orElseThrow(() -> new IllegalArgumentException("property " + key + " is not set"));

        Integrations integrations = Integrations.load(p);
        KomboErrorPolicy policy = KomboErrorPolicy.load(p);
        boolean runOnce = Boolean.parseBoolean(p.apply("kombo.sync.run-once").orElse("false"));
        SyncStatus status = new SyncStatus();
        IntegrationSuspensions suspensions = new IntegrationSuspensions();
        context.getRegistry().bind("integrationSuspensions", suspensions);
        WatermarkStore watermarks = new WatermarkStore(Path.of(required.apply("kombo.sync.state-dir")));
        DeadLetterFolder deadLetters = new DeadLetterFolder(Path.of(required.apply("kombo.sync.dead-letter-dir")));
        BundleMetrics metrics = new BundleMetrics(integrations, watermarks, deadLetters);
        context.getRegistry().bind(METRICS_BEAN, metrics);
        SyncRuns runs = new SyncRuns(integrations, watermarks, status, deadLetters, suspensions, metrics,
                Clock.systemUTC(), p.apply("kombo.sync.resync-from").orElse(null));
        PageReader pageReader = new PageReader(
                option(PageReader.InvalidRecords.class, required, "kombo.sync.invalid-records"),
                option(PageReader.UnknownValues.class, required, "kombo.sync.unknown-values"));
        CursorPager pager = new CursorPager(policy, pageReader, Integer.parseInt(required.apply("kombo.sync.max-pages")),
                metrics);

        context.getRegistry().bind("integrations", integrations);
        context.getRegistry().bind("komboErrorPolicy", policy);
        context.getRegistry().bind("syncStatus", status);
        context.getRegistry().bind("syncRuns", runs);
        context.getRegistry().bind("sinkFiles", new SinkFiles());
        context.getRegistry().bind(ResultBody.BEAN, new ResultBody());
        IntConsumer exit = context.getRegistry().lookupByNameAndType(Application.EXIT_BEAN, IntConsumer.class);
        // without the exit action (the bundle embedded in a test), run-once only reports its result
        IntConsumer exitOrReport = exit != null ? exit : code -> { };
        context.getRegistry().bind("runOnce", new RunOnce(runOnce, integrations, status, exitOrReport));
        List<String> replayRequested = DeadLetterReplay.requestedBy(p.apply("kombo.sync.replay").orElse(null),
                integrations);
        DeadLetterReplay replay = new DeadLetterReplay(deadLetters, pageReader, integrations, runs, metrics,
                Clock.systemUTC(), replayRequested, exitOrReport);
        context.getRegistry().bind("deadLetterReplay", replay);
        RetryBudget.Backoff komboBackoff = backoff(required, "kombo.retry");
        RetryBudget.Backoff sinkBackoff = backoff(required, "kombo.sink.retry");
        int komboAttempts = Integer.parseInt(required.apply("kombo.retry.max-attempts"));
        long komboTotal = Long.parseLong(required.apply("kombo.retry.max-total-ms"));
        int sinkAttempts = Integer.parseInt(required.apply("kombo.sink.retry.max-attempts"));
        long sinkTotal = Long.parseLong(required.apply("kombo.sink.retry.max-total-ms"));
        context.getRegistry().bind("syncRoutes", new SyncRoutes(runs, pager,
                new RetryBudget("get", "kombo.retry", komboAttempts, komboTotal, komboBackoff, 0, SyncRuns::describe,
                        metrics),
                new RetryBudget("sink", "kombo.sink.retry", sinkAttempts, sinkTotal, sinkBackoff, 0,
                        SyncRuns::describe, metrics),
                Boolean.parseBoolean(required.apply("kombo.sync.prefetch")), replay,
                new RetryBudget("sink", "kombo.sink.retry", sinkAttempts, sinkTotal, sinkBackoff, 0,
                        exchange -> exchange.getIn().getHeader(SyncRuns.INTEGRATION_HEADER, String.class)
                                + " replay of kept records", metrics)));
        SyncLeadership leadership = SyncLeadership.load(p, integrations);
        if (runOnce && leadership.clustered()) {
            throw new IllegalArgumentException("--run-once (kombo.sync.run-once) syncs every integration in this "
                    + "process; it cannot be combined with kombo.cluster.type=" + p.apply("kombo.cluster.type").orElse(""));
        }
        if (!replayRequested.isEmpty() && (runOnce || leadership.clustered())) {
            throw new IllegalArgumentException("--replay-dead-letters (kombo.sync.replay) replays in this process "
                    + "only; it cannot be combined with --run-once or kombo.cluster.type");
        }
        if (!replayRequested.isEmpty()) {
            properties.addOverrideProperty("kombo.sync.on-startup", "false"); // replaying is this process's one job
        }
        try {
            leadership.install(context);
        } catch (Exception e) {
            throw new IllegalStateException("leadership (kombo.cluster.*) could not be set up: " + e.getMessage(), e);
        }
        context.getRegistry().bind("syncLeadership", leadership);
        context.getRegistry().bind("syncHealthCheck", new SyncHealthCheck(integrations, status, suspensions,
                !leadership.clustered()));
        // run-once and replay mode have no schedules: their one job is done at start-up
        context.getRegistry().bind("syncSchedules", new SyncSchedules(integrations,
                runOnce || !replayRequested.isEmpty(), leadership));


        long minAttempt = Long.parseLong(required.apply("kombo.update.http.min-attempt-ms"));
        InterviewUpdater updater = new InterviewUpdater(
                new UpdateValidator(Integer.parseInt(required.apply("kombo.update.max-body-bytes")),
                        Integer.parseInt(required.apply("kombo.update.max-json-depth"))),
                integrations, suspensions,
                idempotency(required),
                policy, new PatchConcurrency(Integer.parseInt(required.apply("kombo.update.max-concurrent-per-integration"))),
                metrics, minAttempt);
        context.getRegistry().bind("updateRoutes", new UpdateRoutes(updater,
                new RetryBudget("patch", "kombo.retry", komboAttempts, komboTotal, komboBackoff, minAttempt,
                        InterviewUpdater::describeAttempt, metrics)));
        context.getRegistry().bind("httpDeadline",
                new HttpDeadline(Long.parseLong(required.apply("kombo.update.http.deadline-ms"))));
        context.getRegistry().bind("updateResponses", new UpdateResponses());
        context.getRegistry().bind("inboundAuth", new InboundAuth(p.apply("kombo.inbound.auth").orElse("none"),
                p.apply("kombo.inbound.auth.token").orElse(null), p.apply("kombo.inbound.auth.username").orElse(null),
                p.apply("kombo.inbound.auth.password").orElse(null)));

        // the bundle's own redelivery decides about every retry (policy table, Retry-After, budgets): the HTTP
        // client must not quietly retry 429/503 by itself
        for (String scheme : List.of("http", "https")) {
            // ... and a call for a caller with a deadline is cut to the time left (AttemptTimeouts)
            context.getComponent(scheme, HttpComponent.class).setHttpClientConfigurer(builder -> {
                builder.disableAutomaticRetries();
                AttemptTimeouts.install(builder);
            });
        }

        CachingConnectionFactory connections = new CachingConnectionFactory(EmbeddedBroker.connectionFactory(
                required.apply("jms.broker.url"), p.apply("jms.broker.username").orElse(null),
                p.apply("jms.broker.password").orElse(null)));
        connections.setSessionCacheSize(Integer.parseInt(p.apply("jms.broker.session-cache-size").orElse("10")));
        context.addComponent("jms", JmsComponent.jmsComponent(connections));
        // the JMS sink's own connection: asynchronous sends confirmed by the broker (JmsPageSender)
        List<String> jmsSinks = integrations.all().stream().filter(i -> i.sinks().contains("jms"))
                .map(Integration::name).toList();
        JmsPageSender.Settings jmsSinkSettings = new JmsPageSender.Settings(
                Integer.parseInt(required.apply("kombo.sink.jms.confirmation-window-size")),
                Integer.parseInt(required.apply("kombo.sink.jms.producer-window-size")),
                java.time.Duration.ofMillis(Long.parseLong(required.apply("kombo.sink.jms.confirm-timeout-ms"))));
        // a session per integration with a JMS sink: each sends one page at a time
        JmsPageSender jmsSink = new JmsPageSender(new ActiveMQConnectionFactory(required.apply("jms.broker.url"),
                p.apply("jms.broker.username").orElse(null), p.apply("jms.broker.password").orElse(null)),
                jmsSinkSettings, jmsSinks.size());
        context.getRegistry().bind("jmsPageSender", jmsSink);
        addService(context, jmsSink);
        context.getRegistry().bind("brokerHealthCheck", new BrokerHealthCheck(required.apply("jms.broker.url"),
                p.apply("jms.broker.username").orElse(null), p.apply("jms.broker.password").orElse(null), jmsSinks));
    }

    /** Stopped with the context (before the embedded broker, which was added first). */
    private static void addService(CamelContext context, Object service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register " + service, e);
        }
    }
}
