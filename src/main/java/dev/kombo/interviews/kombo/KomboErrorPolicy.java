package dev.kombo.interviews.kombo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Kombo error policy: one table in configuration that maps each Kombo {@code error.code} to a
 * {@link KomboAction}, plus a fall-back by HTTP status for answers without a (known) code.
 *
 * <pre>
 * kombo.error-policy.code.PLATFORM.RATE_LIMIT_EXCEEDED = RETRY
 * kombo.error-policy.status.503 = RETRY          (a bare 503 from a load balancer)
 * kombo.error-policy.status.4xx = DEAD_LETTER    (class fall-back)
 * kombo.error-policy.no-answer  = RETRY          (connection refused, read timeout)
 * kombo.error-policy.default    = DEAD_LETTER
 * </pre>
 *
 * Kombo says to branch on the code, never on the message or the status; the status is used only when the
 * code is null, unknown (Kombo adds codes over time) or the body was not Kombo JSON.
 */
public final class KomboErrorPolicy {

    public static final String PREFIX = "kombo.error-policy.";

    /** Every code of the ErrorResponseATS enum in the OpenAPI contract. */
    public static final List<String> KOMBO_CODES = List.of(
            "PLATFORM.RATE_LIMIT_EXCEEDED", "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED", "PLATFORM.INTEGRATION_NOT_FOUND",
            "PLATFORM.INPUT_INVALID", "PLATFORM.UNKNOWN_ERROR", "PLATFORM.IP_NOT_WHITELISTED",
            "PLATFORM.AUTHENTICATION_INVALID", "PLATFORM.TASK_TIMED_OUT", "INTEGRATION.PERMISSION_MISSING",
            "INTEGRATION.AUTHENTICATION_INVALID", "INTEGRATION.QA_FAILED", "INTEGRATION.SETUP_SYNC_PENDING",
            "INTEGRATION.SETUP_INCOMPLETE", "INTEGRATION.INACTIVE", "INTEGRATION.MODEL_NOT_AVAILABLE",
            "INTEGRATION.MODEL_DISABLED", "INTEGRATION.ACTION_NOT_AVAILABLE", "INTEGRATION.ACTION_DISABLED",
            "REMOTE.SERVICE_UNAVAILABLE", "REMOTE.RATE_LIMIT_EXCEEDED", "REMOTE.INPUT_INVALID",
            "REMOTE.UNKNOWN_HTTP_ERROR", "ATS.JOB_CLOSED", "ATS.APPLICATION_ALREADY_EXISTS");

    private final Map<String, KomboAction> byCode;
    private final Map<String, KomboAction> byStatus;
    private final KomboAction noAnswer;
    private final KomboAction fallback;

    private KomboErrorPolicy(Map<String, KomboAction> byCode, Map<String, KomboAction> byStatus,
            KomboAction noAnswer, KomboAction fallback) {
        this.byCode = Collections.unmodifiableMap(byCode);
        this.byStatus = Collections.unmodifiableMap(byStatus);
        this.noAnswer = noAnswer;
        this.fallback = fallback;
    }

    /**
     * Reads the table through {@code lookup} (a property resolver, so environment variables and -D override
     * single rows). Fails with every problem listed when a Kombo code has no row or a row names no action.
     */
    public static KomboErrorPolicy load(Function<String, Optional<String>> lookup) {
        List<String> problems = new ArrayList<>();
        KomboErrorPolicy policy = read(lookup, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Kombo error policy is incomplete: " + String.join("; ", problems));
        }
        return policy;
    }

    /**
     * Reads the table, adding each problem found to {@code problems}: start-up refuses them ({@link #load}),
     * {@code --check} lists them with the others it finds.
     */
    public static KomboErrorPolicy read(Function<String, Optional<String>> lookup, List<String> problems) {
        Map<String, KomboAction> byCode = new LinkedHashMap<>();
        for (String code : KOMBO_CODES) {
            parse(PREFIX + "code." + code, lookup, problems, true).ifPresent(action -> byCode.put(code, action));
        }
        Map<String, KomboAction> byStatus = new LinkedHashMap<>();
        for (int status = 400; status <= 599; status++) {
            String key = String.valueOf(status);
            parse(PREFIX + "status." + key, lookup, problems, false).ifPresent(action -> byStatus.put(key, action));
        }
        for (String statusClass : List.of("4xx", "5xx")) {
            parse(PREFIX + "status." + statusClass, lookup, problems, true)
                    .ifPresent(action -> byStatus.put(statusClass, action));
        }
        KomboAction noAnswer = parse(PREFIX + "no-answer", lookup, problems, true).orElse(KomboAction.RETRY);
        KomboAction fallback = parse(PREFIX + "default", lookup, problems, true).orElse(KomboAction.DEAD_LETTER);
        return new KomboErrorPolicy(byCode, byStatus, noAnswer, fallback);
    }

    private static Optional<KomboAction> parse(String key, Function<String, Optional<String>> lookup,
            List<String> problems, boolean required) {
        Optional<String> value = lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            if (required) {
                problems.add("no action for " + key);
            }
            return Optional.empty();
        }
        try {
            return Optional.of(KomboAction.valueOf(value.get().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            problems.add(key + "=" + value.get() + " is not one of " + List.of(KomboAction.values()));
            return Optional.empty();
        }
    }

    /** The action for an error: by code when Kombo sent a known one, else by status, else the default. */
    public KomboAction actionFor(KomboError error) {
        if (error.code() != null) {
            KomboAction action = byCode.get(error.code());
            if (action != null) {
                return action;
            }
        }
        if (error.status() == 0) {
            return noAnswer;
        }
        KomboAction action = byStatus.get(String.valueOf(error.status()));
        if (action == null) {
            action = byStatus.get(error.status() / 100 + "xx");
        }
        return action != null ? action : fallback;
    }

    /** The table as configured, for start-up output and checks. */
    public Map<String, KomboAction> codeTable() {
        return byCode;
    }

    public Map<String, KomboAction> statusTable() {
        return byStatus;
    }
}
