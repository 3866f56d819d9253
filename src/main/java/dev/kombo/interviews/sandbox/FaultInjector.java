package dev.kombo.interviews.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Decides which GET requests misbehave: scripted faults ("the next N requests [for integration X]")
 * take precedence over random rates; the dice are seeded so a run can be replayed. Thread-safe.
 */
public final class FaultInjector {

    private final Random random;
    private final ArrayDeque<Scripted> script = new ArrayDeque<>();
    private final Map<Fault, Double> rates = new LinkedHashMap<>();
    private volatile long latencyMs;
    private long injected;

    FaultInjector(long seed, long latencyMs) {
        this.random = new Random(seed);
        this.latencyMs = latencyMs;
    }

    /** The next {@code count} GET requests, of any integration, answer {@code fault}. */
    public FaultInjector script(int count, Fault fault) {
        return script(null, count, fault);
    }

    /** The next {@code count} GET requests for {@code integrationId} (null: any) answer {@code fault}. */
    public synchronized FaultInjector script(String integrationId, int count, Fault fault) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        script.add(new Scripted(integrationId, fault, count));
        return this;
    }

    /** Roughly {@code fraction} (0..1) of GET requests answer {@code fault}; 0 removes the rate. */
    public synchronized FaultInjector rate(Fault fault, double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within 0..1");
        }
        if (fraction == 0) {
            rates.remove(fault);
        } else {
            rates.put(fault, fraction);
        }
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1) {
            rates.remove(fault);
            throw new IllegalArgumentException("fault rates add up to more than 1");
        }
        return this;
    }

    /** Extra delay before every successful page. */
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

    /** How many faults were handed out so far. */
    public synchronized long injected() {
        return injected;
    }

    /** Consumes the fault (if any) that the current GET for {@code integrationId} answers. */
    public synchronized Optional<Fault> next(String integrationId) {
        for (Iterator<Scripted> it = script.iterator(); it.hasNext(); ) {
            Scripted entry = it.next();
            if (entry.integrationId == null || entry.integrationId.equals(integrationId)) {
                if (--entry.remaining == 0) {
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
        for (Map.Entry<Fault, Double> rate : rates.entrySet()) {
            draw -= rate.getValue();
            if (draw < 0) {
                injected++;
                return Optional.of(rate.getKey());
            }
        }
        return Optional.empty();
    }

    /** Current configuration, for {@code GET /sandbox/faults}. */
    public synchronized Map<String, Object> describe() {
        List<Map<String, Object>> scripted = new ArrayList<>();
        for (Scripted entry : script) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("fault", entry.fault.toString());
            item.put("remaining", entry.remaining);
            item.put("integration_id", entry.integrationId);
            scripted.add(item);
        }
        Map<String, Object> rateView = new LinkedHashMap<>();
        rates.forEach((fault, fraction) -> rateView.put(fault.toString(), fraction));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("script", scripted);
        view.put("rates", rateView);
        view.put("latency_ms", latencyMs);
        view.put("injected", injected);
        return view;
    }

    private static final class Scripted {
        final String integrationId;
        final Fault fault;
        int remaining;

        Scripted(String integrationId, Fault fault, int remaining) {
            this.integrationId = integrationId;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
