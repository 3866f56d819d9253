package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.sandbox.Fault.Kind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Decides which requests misbehave: scripted faults ("the next N requests [for integration X]
 * [for application Y]", or "every request for application Y until cleared") take precedence over random
 * rates; the dice are seeded so a run can be replayed. Thread-safe.
 *
 * <p>A sandbox has two independent injectors, {@link KomboSandbox#faults()} for GETs and
 * {@link KomboSandbox#patchFaults()} for PATCHes, so a fault meant for one never hits the other. Only the
 * PATCH injector knows application ids (GETs carry none); scripted entries are matched in the order they
 * were added.
 */
public final class FaultInjector {

    /** Marks a scripted entry that stays until {@link #clear()} or {@link #clearApplication}. */
    private static final int UNTIL_CLEARED = -1;

    private final String requests;
    private final Set<Kind> kinds;
    private final boolean byApplication;
    private final Random random;
    private final List<Scripted> script = new ArrayList<>();
    private final Map<RateKey, Double> rates = new LinkedHashMap<>();
    private volatile long latencyMs;
    private long injected;

    /** The GET injector. */
    FaultInjector(long seed, long latencyMs) {
        this("GET", EnumSet.complementOf(EnumSet.of(Kind.TASK_TIMED_OUT_APPLIED)), false, seed, latencyMs);
    }

    private FaultInjector(String requests, Set<Kind> kinds, boolean byApplication, long seed, long latencyMs) {
        this.requests = requests;
        this.kinds = kinds;
        this.byApplication = byApplication;
        // a different stream than the GET dice, so enabling PATCH rates does not shift GET replays
        this.random = new Random(byApplication ? ~seed : seed);
        latencyMs(latencyMs);
    }

    /** The PATCH injector: no page faults, plus {@link Kind#TASK_TIMED_OUT_APPLIED}, scoped by application. */
    static FaultInjector forPatches(long seed, long latencyMs) {
        return new FaultInjector("PATCH", EnumSet.complementOf(EnumSet.of(Kind.NOT_JSON_PAGE, Kind.MISSING_RESULTS,
                Kind.CURSOR_CYCLE, Kind.INVALID_RECORD)), true, seed, latencyMs);
    }

    /** The next {@code count} requests, of any integration, answer {@code fault}. */
    public FaultInjector script(int count, Fault fault) {
        return script(null, null, count, fault);
    }

    /** The next {@code count} requests for {@code integrationId} (null: any) answer {@code fault}. */
    public FaultInjector script(String integrationId, int count, Fault fault) {
        return script(integrationId, null, count, fault);
    }

    /**
     * The next {@code count} requests matching both scopes answer {@code fault}.
     *
     * @param integrationId null: any integration
     * @param applicationId null: any application; PATCH injector only
     */
    public FaultInjector script(String integrationId, String applicationId, int count, Fault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        return add(integrationId, applicationId, count, fault);
    }

    /** PATCH: the next {@code count} PATCHes for application {@code applicationId} answer {@code fault}. */
    public FaultInjector forApplication(String applicationId, int count, Fault fault) {
        return script(null, Objects.requireNonNull(applicationId, "applicationId"), count, fault);
    }

    /** PATCH: every PATCH for {@code applicationId} answers {@code fault} until {@link #clearApplication} or {@link #clear}. */
    public FaultInjector always(String applicationId, Fault fault) {
        return always(null, Objects.requireNonNull(applicationId, "applicationId"), fault);
    }

    /** Every request matching both scopes (null: any) answers {@code fault} until cleared. */
    public FaultInjector always(String integrationId, String applicationId, Fault fault) {
        return add(integrationId, applicationId, UNTIL_CLEARED, fault);
    }

    /** Roughly {@code fraction} (0..1) of requests answer {@code fault}; 0 removes the rate. */
    public FaultInjector rate(Fault fault, double fraction) {
        return rate(null, fault, fraction);
    }

    /** PATCH: roughly {@code fraction} of PATCHes for {@code applicationId} (null: any) answer {@code fault}. */
    public synchronized FaultInjector rate(String applicationId, Fault fault, double fraction) {
        check(applicationId, fault);
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within 0..1");
        }
        RateKey key = new RateKey(applicationId, fault);
        Double previous = fraction == 0 ? rates.remove(key) : rates.put(key, fraction);
        if (worstCaseTotal() > 1) {
            if (previous == null) {
                rates.remove(key);
            } else {
                rates.put(key, previous);
            }
            throw new IllegalArgumentException("fault rates add up to more than 1");
        }
        return this;
    }

    /** Extra delay before every successful answer (a GET page, a PATCH's work). */
    public FaultInjector latencyMs(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must be >= 0");
        }
        this.latencyMs = millis;
        return this;
    }

    public long latencyMs() {
        return latencyMs;
    }

    /** Drops scripted faults, rates and latency. */
    public synchronized void clear() {
        script.clear();
        rates.clear();
        latencyMs = 0;
    }

    /** Drops the scripted faults and rates scoped to one application (an "until cleared" fault ends here). */
    public synchronized void clearApplication(String applicationId) {
        script.removeIf(entry -> Objects.equals(entry.applicationId, applicationId));
        rates.keySet().removeIf(key -> Objects.equals(key.applicationId, applicationId));
    }

    /** How many faults were handed out so far. */
    public synchronized long injected() {
        return injected;
    }

    /** Consumes the fault (if any) that the current GET for {@code integrationId} answers. */
    public Optional<Fault> next(String integrationId) {
        return next(integrationId, null);
    }

    /** Consumes the fault (if any) that the current request for this integration and application answers. */
    public synchronized Optional<Fault> next(String integrationId, String applicationId) {
        for (Iterator<Scripted> it = script.iterator(); it.hasNext(); ) {
            Scripted entry = it.next();
            if (matches(entry.integrationId, integrationId) && matches(entry.applicationId, applicationId)) {
                if (entry.remaining != UNTIL_CLEARED && --entry.remaining == 0) {
                    it.remove();
                }
                injected++;
                return Optional.of(entry.fault);
            }
        }
        if (rates.isEmpty()) {
            return Optional.empty();
        }
        double draw = random.nextDouble();
        for (Map.Entry<RateKey, Double> rate : rates.entrySet()) {
            if (!matches(rate.getKey().applicationId, applicationId)) {
                continue;
            }
            draw -= rate.getValue();
            if (draw < 0) {
                injected++;
                return Optional.of(rate.getKey().fault);
            }
        }
        return Optional.empty();
    }

    /** Current configuration, for {@code GET /sandbox/faults} and {@code GET /sandbox/patch-faults}. */
    public synchronized Map<String, Object> describe() {
        List<Map<String, Object>> scripted = new ArrayList<>();
        for (Scripted entry : script) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("fault", entry.fault.toString());
            item.put("remaining", entry.remaining == UNTIL_CLEARED ? null : entry.remaining);
            item.put("until_cleared", entry.remaining == UNTIL_CLEARED);
            item.put("integration_id", entry.integrationId);
            if (byApplication) {
                item.put("application_id", entry.applicationId);
            }
            scripted.add(item);
        }
        Map<String, Object> rateView = new LinkedHashMap<>();
        List<Map<String, Object>> applicationRates = new ArrayList<>();
        rates.forEach((key, fraction) -> {
            if (key.applicationId == null) {
                rateView.put(key.fault.toString(), fraction);
            } else {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("application_id", key.applicationId);
                item.put("fault", key.fault.toString());
                item.put("fraction", fraction);
                applicationRates.add(item);
            }
        });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("requests", requests);
        view.put("script", scripted);
        view.put("rates", rateView);
        if (byApplication) {
            view.put("application_rates", applicationRates);
        }
        view.put("latency_ms", latencyMs);
        view.put("injected", injected);
        return view;
    }

    private synchronized FaultInjector add(String integrationId, String applicationId, int count, Fault fault) {
        check(applicationId, fault);
        script.add(new Scripted(integrationId, applicationId, fault, count));
        return this;
    }

    private void check(String applicationId, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (!kinds.contains(fault.kind())) {
            throw new IllegalArgumentException(fault.kind() + " does not apply to " + requests + " requests");
        }
        if (applicationId != null && !byApplication) {
            throw new IllegalArgumentException(requests + " requests carry no application id");
        }
    }

    /** The largest share any one application can draw: the unscoped rates plus its own. */
    private double worstCaseTotal() {
        double unscoped = 0;
        Map<String, Double> perApplication = new LinkedHashMap<>();
        for (Map.Entry<RateKey, Double> rate : rates.entrySet()) {
            if (rate.getKey().applicationId == null) {
                unscoped += rate.getValue();
            } else {
                perApplication.merge(rate.getKey().applicationId, rate.getValue(), Double::sum);
            }
        }
        return unscoped + perApplication.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static boolean matches(String scope, String actual) {
        return scope == null || scope.equals(actual);
    }

    private record RateKey(String applicationId, Fault fault) {
    }

    private static final class Scripted {
        final String integrationId;
        final String applicationId;
        final Fault fault;
        int remaining;

        Scripted(String integrationId, String applicationId, Fault fault, int remaining) {
            this.integrationId = integrationId;
            this.applicationId = applicationId;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
