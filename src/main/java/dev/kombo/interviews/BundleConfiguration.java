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
import dev.kombo.interviews.update.IdempotencyMemory;
import dev.kombo.interviews.update.InboundAuth;
import dev.kombo.interviews.update.InterviewUpdater;
import dev.kombo.interviews.update.PatchSlots;
import dev.kombo.interviews.update.UpdateResponses;
import dev.kombo.interviews.update.UpdateRoutes;
import dev.kombo.interviews.update.UpdateSettings;
import dev.kombo.interviews.update.UpdateValidator;
import dev.kombo.interviews.sink.BrokerHealthCheck;
import dev.kombo.interviews.sink.BrokerSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sink.JmsPageSender;
import dev.kombo.interviews.sink.SinkFiles;
import dev.kombo.interviews.sync.CursorPager;
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
import dev.kombo.interviews.sync.SyncSettings;
import dev.kombo.interviews.sync.SyncStatus;
import dev.kombo.interviews.state.StateStore;
import dev.kombo.interviews.state.StateStores;

/**
 * Wires the bundle from configuration: embedded services first (they publish URLs and credentials as
 * properties), then the beans the YAML routes call, then the Java routes. Invalid configuration fails
 * start-up with every problem listed.
 */
public final class BundleConfiguration implements CamelConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BundleConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        List<String> unreadable = readSecretFiles(properties);
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unreadable));
        }
        absoluteFolders(properties);
        EmbeddedServices embedded = EmbeddedServices.start(properties);
        closeOnStop(context, embedded::close);
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

    /** Closes what start-up opened when the context stops. */
    private static void closeOnStop(CamelContext context, Runnable close) {
        startAndStopWith(context, () -> { }, close);
    }

    private static void startAndStopWith(CamelContext context, Runnable start, Runnable close) {
        addService(context, new ServiceSupport() {
            @Override
            protected void doStart() {
                start.run();
            }

            @Override
            protected void doStop() {
                close.run();
            }
        });
    }

    /** Registry name of the {@link BundleMetrics}, which the YAML update routes call too. */
    static final String METRICS_BEAN = "bundleMetrics";

    /**
     * Secrets the routes use as placeholders, each also readable from a file named by {@code <key>-file}. Public:
     * the container files are checked against it (a {@code *_FILE} variable must name one of these).
     */
    public static final List<String> SECRETS = List.of("kombo.sink.sftp.password", "jms.broker.password",
            "kombo.inbound.auth.token", "kombo.inbound.auth.password", "kombo.state.jdbc.password");

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
    static void configureBundle(CamelContext context, PropertiesComponent properties) {
        Function<String, Optional<String>> p = key -> properties.resolveProperty(key).filter(v -> !v.isBlank());
        Settings settings = Settings.load(p);
        Integrations integrations = settings.integrations();
        SyncSettings sync = settings.sync();
        SyncLeadership leadership = SyncLeadership.load(p, integrations);
        List<String> replayRequested = DeadLetterReplay.requestedBy(sync.replay().orElse(null), integrations);
        if (sync.runOnce() && leadership.clustered()) {
            throw new IllegalArgumentException("--run-once (kombo.sync.run-once) syncs every integration in this "
                    + "process; it cannot be combined with kombo.cluster.type=" + p.apply("kombo.cluster.type").orElse(""));
        }
        if (!replayRequested.isEmpty() && (sync.runOnce() || leadership.clustered())) {
            throw new IllegalArgumentException("--replay-dead-letters (kombo.sync.replay) replays in this process "
                    + "only; it cannot be combined with --run-once or kombo.cluster.type");
        }
        if (!replayRequested.isEmpty()) {
            properties.addOverrideProperty("kombo.sync.on-startup", "false"); // replaying is this process's one job
        }

        StateStore state = StateStores.create(settings.state());
        // reached (a database connected, its schema migrated) as the context starts: --check never starts it
        startAndStopWith(context, state::open, state::close);
        IntegrationSuspensions suspensions = new IntegrationSuspensions(state.suspensions(),
                settings.state().refreshMillis(), leadership.nodeId());
        BundleMetrics metrics = new BundleMetrics(integrations, state.watermarks(), state.keptRecords());
        context.getRegistry().bind(METRICS_BEAN, metrics);
        context.getRegistry().bind("integrationSuspensions", suspensions);
        context.getRegistry().bind("integrations", integrations);
        context.getRegistry().bind("komboErrorPolicy", settings.errorPolicy());
        context.getRegistry().bind("sinkFiles", new SinkFiles());
        context.getRegistry().bind(ResultBody.BEAN, new ResultBody());

        wireSync(context, settings, state, suspensions, metrics, leadership, replayRequested);
        wireUpdates(context, settings, state, suspensions, metrics, p);
        wireComponents(context, settings.broker(), settings.jmsSink(), integrations);
        LOG.info("state: {}", state.describe());
    }

    private static void wireSync(CamelContext context, Settings settings, StateStore state,
            IntegrationSuspensions suspensions, BundleMetrics metrics, SyncLeadership leadership,
            List<String> replayRequested) {
        Integrations integrations = settings.integrations();
        SyncSettings sync = settings.sync();
        SyncStatus status = new SyncStatus();
        SyncRuns runs = new SyncRuns(integrations, state.watermarks(), status, state.keptRecords(), suspensions,
                metrics, Clock.systemUTC(), sync.resyncFrom().orElse(null));
        PageReader pageReader = new PageReader(sync.invalidRecords(), sync.unknownValues());
        CursorPager pager = new CursorPager(settings.errorPolicy(), pageReader, sync.maxPages(), metrics);
        context.getRegistry().bind("syncStatus", status);
        context.getRegistry().bind("syncRuns", runs);
        IntConsumer exit = context.getRegistry().lookupByNameAndType(Application.EXIT_BEAN, IntConsumer.class);
        // without the exit action (the bundle embedded in a test), run-once only reports its result
        IntConsumer exitOrReport = exit != null ? exit : code -> { };
        context.getRegistry().bind("runOnce", new RunOnce(sync.runOnce(), integrations, status, exitOrReport));
        DeadLetterReplay replay = new DeadLetterReplay(state.keptRecords(), pageReader, integrations, runs, metrics,
                Clock.systemUTC(), replayRequested, exitOrReport);
        context.getRegistry().bind("deadLetterReplay", replay);
        context.getRegistry().bind("syncRoutes", new SyncRoutes(runs, pager,
                new RetryBudget("get", sync.komboRetry(), 0, SyncRuns::describe, metrics),
                new RetryBudget("sink", sync.sinkRetry(), 0, SyncRuns::describe, metrics),
                sync.prefetch(), replay,
                new RetryBudget("sink", sync.sinkRetry(), 0, exchange -> exchange.getIn()
                        .getHeader(SyncRuns.INTEGRATION_HEADER, String.class) + " replay of kept records", metrics)));
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
                sync.runOnce() || !replayRequested.isEmpty(), leadership));
    }

    private static void wireUpdates(CamelContext context, Settings settings, StateStore state,
            IntegrationSuspensions suspensions, BundleMetrics metrics, Function<String, Optional<String>> p) {
        UpdateSettings update = settings.update();
        IdempotencyCache keys = update.idempotencyKeys() == UpdateSettings.IdempotencyKeys.SHARED
                ? state.idempotencyKeys()
                : new IdempotencyMemory(update.idempotencyWindowMillis(), update.idempotencyMaxKeys());
        InterviewUpdater updater = new InterviewUpdater(new UpdateValidator(update.maxBodyBytes(),
                update.maxJsonDepth()), settings.integrations(), suspensions, keys, settings.errorPolicy(),
                new PatchSlots(update.maxConcurrentPerIntegration()), metrics, update.minAttemptMillis());
        context.getRegistry().bind("updateRoutes", new UpdateRoutes(updater, new RetryBudget("patch",
                settings.sync().komboRetry(), update.minAttemptMillis(), InterviewUpdater::describeAttempt, metrics)));
        context.getRegistry().bind("httpDeadline", new HttpDeadline(update.httpDeadlineMillis()));
        context.getRegistry().bind("updateResponses", new UpdateResponses());
        context.getRegistry().bind("inboundAuth", new InboundAuth(p.apply("kombo.inbound.auth").orElse("none"),
                p.apply("kombo.inbound.auth.token").orElse(null), p.apply("kombo.inbound.auth.username").orElse(null),
                p.apply("kombo.inbound.auth.password").orElse(null)));
    }

    private static void wireComponents(CamelContext context, BrokerSettings broker,
            JmsPageSender.Settings jmsSinkSettings, Integrations integrations) {
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
                broker.url(), broker.username(), broker.password()));
        connections.setSessionCacheSize(broker.sessionCacheSize());
        context.addComponent("jms", JmsComponent.jmsComponent(connections));
        // the JMS sink's own connection: asynchronous sends confirmed by the broker (JmsPageSender)
        List<String> jmsSinks = integrations.all().stream().filter(i -> i.sinks().contains("jms"))
                .map(Integration::name).toList();
        // a session per integration with a JMS sink: each sends one page at a time
        JmsPageSender jmsSink = new JmsPageSender(new ActiveMQConnectionFactory(broker.url(), broker.username(),
                broker.password()), jmsSinkSettings, jmsSinks.size());
        context.getRegistry().bind("jmsPageSender", jmsSink);
        addService(context, jmsSink);
        context.getRegistry().bind("brokerHealthCheck", new BrokerHealthCheck(broker.url(), broker.username(),
                broker.password(), jmsSinks));
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
