package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Kombo's {@code GET /ats/interviews} and
 * {@code PATCH /ats/applications/{application_id}/interviews}, so the bundle and its tests run with no
 * Kombo account and no internet. Serves both under {@code {baseUrl}} plus the admin API under
 * {@code /sandbox}; see {@link SandboxAdminHandler} and {@link InterviewUpdateHandler}.
 *
 * <pre>{@code
 * try (KomboSandbox sandbox = new KomboSandbox(SandboxSettings.builder().integration("acme", 5_000).build())) {
 *     sandbox.start();
 *     sandbox.faults().script(2, Fault.rateLimit(1));                      // GETs only
 *     sandbox.patchFaults().forApplication("app-1", 1, Fault.of(Fault.Kind.TASK_TIMED_OUT_APPLIED)); // PATCHes only
 *     // point the client at sandbox.baseUrl()
 * }
 * }</pre>
 */
public final class KomboSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KomboSandbox.class);

    static {
        // The JDK server leaves Nagle on; with a separate header write that costs ~40 ms per page.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();
    private final InterviewStore store;
    private final FaultInjector faults;
    private final RequestLog requests;
    private final FaultInjector patchFaults;
    private final PatchConcurrency patchConcurrency;
    private final PatchLog patches;
    private final KomboResponses responses;
    private final ApiGate gate;
    private final RateLimitWindows rateLimits;
    private HttpServer server;
    private ExecutorService executor;

    public KomboSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.store = new InterviewStore(settings, Clock.systemUTC());
        this.faults = new FaultInjector(settings.seed(), settings.latencyPerPageMs());
        this.requests = new RequestLog(settings.requestLogSize());
        this.patchFaults = FaultInjector.forPatches(settings.seed(), settings.patchLatencyMs());
        this.patchConcurrency = new PatchConcurrency(settings.patchConcurrencyLimit());
        this.patches = new PatchLog(settings.requestLogSize());
        this.responses = new KomboResponses(mapper);
        this.gate = new ApiGate(settings.apiKey(), store, faults, responses);
        this.rateLimits = new RateLimitWindows(settings.rateLimit(), Clock.systemUTC(), store::hasIntegration);
    }

    /** Binds and starts serving; returns this for chaining. */
    public synchronized KomboSandbox start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
        executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        server.setExecutor(executor);
        responses.origin(origin());
        addRoute(InterviewsHandler.PATH, rateLimits.counting(new InterviewsHandler(store, gate, faults,
                new CursorCodec(mapper), responses, requests)));
        addRoute(InterviewUpdateHandler.PATH, rateLimits.counting(new InterviewUpdateHandler(store, gate, patchFaults,
                patchConcurrency, new PatchRequestValidator(mapper, store), patches, responses)));
        addRoute(SandboxAdminHandler.PATH, new SandboxAdminHandler(this, mapper));
        addRoute("/", exchange -> responses.untypedError(exchange, 404,
                "Route " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " not found."));
        server.start();
        LOG.info("Kombo sandbox listening on {} (integrations: {})", baseUrl(), store.integrations());
        return this;
    }

    /**
     * Serves another path prefix (e.g. the PATCH endpoint) with request logging and error safety.
     * Use {@link #gate()} for Kombo's request checks and {@link #responses()} for Kombo-shaped answers.
     */
    public synchronized void addRoute(String pathPrefix, HttpHandler handler) {
        if (server == null) {
            throw new IllegalStateException("start() the sandbox first");
        }
        server.createContext(pathPrefix, new RecordingHandler(handler, requests, responses));
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, where the admin API lives under {@code /sandbox}. */
    public String origin() {
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The Kombo API base URL, the sandbox's {@code https://api.kombo.dev/v1}. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    public SandboxSettings settings() {
        return settings;
    }

    public InterviewStore store() {
        return store;
    }

    public FaultInjector faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    /** Faults for PATCHes only (per application id, per integration, by rate); GETs use {@link #faults()}. */
    public FaultInjector patchFaults() {
        return patchFaults;
    }

    /** Every PATCH received ({@link PatchLog#all()}, oldest first) and the updates actually applied. */
    public PatchLog patches() {
        return patches;
    }

    /** Updates actually applied to this integration's interviews by PATCHes. */
    public long appliedCount(String integrationId) {
        return patches.appliedCount(integrationId);
    }

    /** Updates actually applied to one interview by PATCHes. */
    public long appliedCount(String integrationId, String interviewId) {
        return patches.appliedCount(integrationId, interviewId);
    }

    public int patchConcurrencyLimit() {
        return patchConcurrency.limit();
    }

    /** Changes the per-integration cap on PATCHes in flight; PATCHes already running keep their slot. */
    public KomboSandbox setPatchConcurrencyLimit(int limit) {
        patchConcurrency.limit(limit);
        return this;
    }

    /** PATCHes of this integration holding a concurrency slot right now. */
    public int patchesInFlight(String integrationId) {
        return patchConcurrency.inFlight(integrationId);
    }

    Map<String, Integer> patchesInFlight() {
        return patchConcurrency.inFlightPerIntegration();
    }

    public ApiGate gate() {
        return gate;
    }

    public KomboResponses responses() {
        return responses;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            LOG.info("Kombo sandbox on port {} stopped", server.getAddress().getPort());
            server = null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "kombo-sandbox-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
