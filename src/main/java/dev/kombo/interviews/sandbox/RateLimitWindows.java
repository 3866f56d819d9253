package dev.kombo.interviews.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Kombo's request quota as the IETF RateLimit header fields show it, on every API answer (200s and errors
 * alike): {@code ratelimit-limit} (the window's quota), {@code ratelimit-remaining} (what is left of it after
 * this request, never negative) and {@code ratelimit-reset} (seconds until the window ends). A window is
 * {@value #WINDOW_SECONDS} s per integration, opened by its first request. A request beyond the quota
 * answers 429 {@code PLATFORM.RATE_LIMIT_EXCEEDED} with {@code Retry-After} (see {@link ApiGate}); so does a
 * {@link Fault.Kind#RATE_LIMIT} fault, whatever the window says.
 */
final class RateLimitWindows {

    static final int WINDOW_SECONDS = 60;
    static final String LIMIT = "ratelimit-limit";
    static final String REMAINING = "ratelimit-remaining";
    static final String RESET = "ratelimit-reset";
    /** Exchange attribute carrying the request's {@link Quota}. */
    private static final String QUOTA = "kombo.sandbox.quota";
    /** Requests that name no known integration share one window, so unknown ids cannot grow the map. */
    private static final String UNATTRIBUTED = "";

    /**
     * @param remaining what is left after this request
     * @param exceeded  the window was used up before this request came
     */
    record Quota(int limit, int remaining, long resetSeconds, boolean exceeded) {
    }

    private final int limit;
    private final Clock clock;
    private final Predicate<String> knownIntegration;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitWindows(int limit, Clock clock, Predicate<String> knownIntegration) {
        this.limit = limit;
        this.clock = clock;
        this.knownIntegration = knownIntegration;
    }

    /** Counts every request to {@code api} against its integration's window and puts the headers on its answer. */
    HttpHandler counting(HttpHandler api) {
        return exchange -> {
            String named = exchange.getRequestHeaders().getFirst(ApiGate.INTEGRATION_HEADER);
            Quota quota = take(named != null && knownIntegration.test(named) ? named : UNATTRIBUTED);
            exchange.setAttribute(QUOTA, quota);
            var headers = exchange.getResponseHeaders();
            headers.set(LIMIT, Integer.toString(quota.limit()));
            headers.set(REMAINING, Integer.toString(quota.remaining()));
            headers.set(RESET, Long.toString(quota.resetSeconds()));
            api.handle(exchange);
        };
    }

    /** The quota {@link #counting} took for this request, or null outside the API routes. */
    static Quota quotaOf(HttpExchange exchange) {
        return (Quota) exchange.getAttribute(QUOTA);
    }

    /** Counts one request of {@code integrationId} in its current window. */
    Quota take(String integrationId) {
        return windows.computeIfAbsent(integrationId, id -> new Window()).take(clock.millis());
    }

    private final class Window {
        private long endsAtMillis = Long.MIN_VALUE;
        private int used;

        synchronized Quota take(long now) {
            if (now >= endsAtMillis) {
                endsAtMillis = now + WINDOW_SECONDS * 1000L;
                used = 0;
            }
            boolean exceeded = used >= limit;
            if (!exceeded) {
                used++;
            }
            long resetSeconds = Math.max(1, (endsAtMillis - now + 999) / 1000);
            return new Quota(limit, limit - used, resetSeconds, exceeded);
        }
    }
}
