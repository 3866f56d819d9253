package dev.kombo.interviews.sandbox;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way a GET or PATCH can go wrong (or slow) on purpose. Text form, used by the admin API and
 * {@link #parse}: {@code RATE_LIMIT}, {@code RATE_LIMIT(5)}, {@code ERROR_CODE(INTEGRATION.INACTIVE)},
 * {@code SLOW(250)}, {@code CURSOR_CYCLE}, {@code TASK_TIMED_OUT_APPLIED}, ... The page kinds
 * ({@code NOT_JSON_PAGE}, {@code MISSING_RESULTS}, {@code CURSOR_CYCLE}) only make sense for GETs and
 * {@code TASK_TIMED_OUT_APPLIED} only for PATCHes; each {@link FaultInjector} refuses the others.
 *
 * <p>Every answer carries the window's ratelimit-* headers ({@link RateLimitWindows}); only the two rate-limit
 * kinds add {@code Retry-After}. {@code ERROR_CODE(PLATFORM.CONCURRENCY_LIMIT_EXCEEDED)} is a 429 without it,
 * as Kombo answers a concurrency limit, and {@code BAD_GATEWAY_HTML} / {@code SERVICE_UNAVAILABLE_HTML} are a
 * load balancer's HTML 502 / 503.
 *
 * @param kind    what happens
 * @param code    the Kombo error code, for {@link Kind#ERROR_CODE} only
 * @param amount  {@code Retry-After} seconds for the rate-limit kinds, delay millis for {@link Kind#SLOW}
 */
public record Fault(Kind kind, String code, long amount) {

    public enum Kind {
        /** 429 {@code PLATFORM.RATE_LIMIT_EXCEEDED}: Retry-After, ratelimit-remaining 0, ratelimit-reset = Retry-After. */
        RATE_LIMIT,
        /** 429 {@code REMOTE.RATE_LIMIT_EXCEEDED} with Retry-After (the ATS's limit; Kombo's own window is untouched). */
        REMOTE_RATE_LIMIT,
        /** 503 from the "load balancer": an HTML page, no JSON. */
        SERVICE_UNAVAILABLE_HTML,
        /** 502 from the "load balancer": an HTML page. */
        BAD_GATEWAY_HTML,
        /** 504 with an empty body. */
        GATEWAY_TIMEOUT_EMPTY,
        /** 503 {@code REMOTE.SERVICE_UNAVAILABLE}. */
        REMOTE_UNAVAILABLE,
        /** 500 whose code, title and log_url are null (the minimal error body). */
        NULL_CODE,
        /** Any of the 24 codes with its usual status. */
        ERROR_CODE,
        /** The normal answer, after a delay. */
        SLOW,
        /** 200 whose body is not JSON. */
        NOT_JSON_PAGE,
        /** 200 {@code {"status":"success","data":{"next":null}}}. */
        MISSING_RESULTS,
        /** 200 normal page whose {@code next} points back to a cursor the client already used. */
        CURSOR_CYCLE,
        /** 200 normal page whose first record breaks the contract ({@code changed_at} missing, {@code canceled} a string). */
        INVALID_RECORD,
        /**
         * PATCH only: the update is applied, then the answer is 504 {@code PLATFORM.TASK_TIMED_OUT}, because
         * Kombo says a timed-out action may still have been carried out.
         */
        TASK_TIMED_OUT_APPLIED
    }

    private static final Pattern TEXT = Pattern.compile("([A-Z_]+)(?:\\(([^)]*)\\))?");

    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ERROR_CODE && !KomboErrors.isKnown(code)) {
            throw new IllegalArgumentException("ERROR_CODE needs one of the 24 Kombo codes, got " + code);
        }
        if (amount < 0) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, null, isRateLimit(kind) ? 1 : 0);
    }

    public static Fault rateLimit(int retryAfterSeconds) {
        return new Fault(Kind.RATE_LIMIT, null, retryAfterSeconds);
    }

    public static Fault remoteRateLimit(int retryAfterSeconds) {
        return new Fault(Kind.REMOTE_RATE_LIMIT, null, retryAfterSeconds);
    }

    public static Fault errorCode(String code) {
        return new Fault(Kind.ERROR_CODE, code, 0);
    }

    public static Fault slow(long millis) {
        return new Fault(Kind.SLOW, null, millis);
    }

    /** Parses the text form (see class comment). */
    public static Fault parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a fault: " + text);
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        String argument = m.group(2);
        if (argument == null) {
            if (kind == Kind.ERROR_CODE || kind == Kind.SLOW) {
                throw new IllegalArgumentException(kind + " needs an argument, e.g. " + kind + "(...)");
            }
            return of(kind);
        }
        return switch (kind) {
            case ERROR_CODE -> errorCode(argument.trim());
            case SLOW -> slow(Long.parseLong(argument.trim()));
            case RATE_LIMIT, REMOTE_RATE_LIMIT -> new Fault(kind, null, Integer.parseInt(argument.trim()));
            default -> throw new IllegalArgumentException(kind + " takes no argument");
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ERROR_CODE -> kind + "(" + code + ")";
            case SLOW, RATE_LIMIT, REMOTE_RATE_LIMIT -> kind + "(" + amount + ")";
            default -> kind.name();
        };
    }

    private static boolean isRateLimit(Kind kind) {
        return kind == Kind.RATE_LIMIT || kind == Kind.REMOTE_RATE_LIMIT;
    }
}
