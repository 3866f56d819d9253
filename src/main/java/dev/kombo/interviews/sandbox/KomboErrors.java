package dev.kombo.interviews.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 24 ATS error codes of the contract with the HTTP status and title the sandbox answers them with.
 *
 * <p>Kombo says to branch on {@code error.code}, not on the status, and statuses may change, so these
 * follow the documented ones where there are any and HTTP conventions elsewhere:
 * <ul>
 *   <li>429: {@code PLATFORM.RATE_LIMIT_EXCEEDED}, {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED},
 *       {@code REMOTE.RATE_LIMIT_EXCEEDED}</li>
 *   <li>400: {@code PLATFORM.INPUT_INVALID}, {@code REMOTE.INPUT_INVALID}, {@code ATS.JOB_CLOSED}</li>
 *   <li>401: {@code PLATFORM.AUTHENTICATION_INVALID} (our API key is wrong)</li>
 *   <li>403: {@code PLATFORM.IP_NOT_WHITELISTED}, {@code INTEGRATION.PERMISSION_MISSING},
 *       {@code INTEGRATION.AUTHENTICATION_INVALID} (the customer's ATS credentials were revoked),
 *       {@code INTEGRATION.INACTIVE}, {@code INTEGRATION.MODEL_*}, {@code INTEGRATION.ACTION_*}</li>
 *   <li>404: {@code PLATFORM.INTEGRATION_NOT_FOUND}</li>
 *   <li>409: {@code INTEGRATION.SETUP_INCOMPLETE}, {@code INTEGRATION.SETUP_SYNC_PENDING},
 *       {@code INTEGRATION.QA_FAILED} (documented since 2026-05-19), {@code ATS.APPLICATION_ALREADY_EXISTS}</li>
 *   <li>500: {@code PLATFORM.UNKNOWN_ERROR}; 502: {@code REMOTE.UNKNOWN_HTTP_ERROR};
 *       503: {@code REMOTE.SERVICE_UNAVAILABLE}; 504: {@code PLATFORM.TASK_TIMED_OUT}</li>
 * </ul>
 */
public final class KomboErrors {

    public static final String RATE_LIMIT_EXCEEDED = "PLATFORM.RATE_LIMIT_EXCEEDED";
    public static final String CONCURRENCY_LIMIT_EXCEEDED = "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED";
    public static final String INTEGRATION_NOT_FOUND = "PLATFORM.INTEGRATION_NOT_FOUND";
    public static final String INPUT_INVALID = "PLATFORM.INPUT_INVALID";
    public static final String UNKNOWN_ERROR = "PLATFORM.UNKNOWN_ERROR";
    public static final String AUTHENTICATION_INVALID = "PLATFORM.AUTHENTICATION_INVALID";
    public static final String TASK_TIMED_OUT = "PLATFORM.TASK_TIMED_OUT";
    public static final String REMOTE_INPUT_INVALID = "REMOTE.INPUT_INVALID";
    public static final String REMOTE_SERVICE_UNAVAILABLE = "REMOTE.SERVICE_UNAVAILABLE";
    public static final String REMOTE_RATE_LIMIT_EXCEEDED = "REMOTE.RATE_LIMIT_EXCEEDED";

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        define("PLATFORM.RATE_LIMIT_EXCEEDED", 429, "You have exceeded the rate limit.");
        define("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED", 429, "Too many concurrent requests for this integration.");
        define("PLATFORM.INTEGRATION_NOT_FOUND", 404, "The integration could not be found.");
        define("PLATFORM.INPUT_INVALID", 400, "The request input is invalid.");
        define("PLATFORM.UNKNOWN_ERROR", 500, "An unknown error occurred.");
        define("PLATFORM.IP_NOT_WHITELISTED", 403, "Your IP address is not whitelisted.");
        define("PLATFORM.AUTHENTICATION_INVALID", 401, "The provided API key is invalid.");
        define("PLATFORM.TASK_TIMED_OUT", 504, "The task timed out.");
        define("INTEGRATION.PERMISSION_MISSING", 403, "A permission is missing in the connected system.");
        define("INTEGRATION.AUTHENTICATION_INVALID", 403,
                "The credentials for the connected system are invalid or were revoked.");
        define("INTEGRATION.QA_FAILED", 409, "The integration did not pass quality assurance.");
        define("INTEGRATION.SETUP_SYNC_PENDING", 409, "The initial sync of this integration is still running.");
        define("INTEGRATION.SETUP_INCOMPLETE", 409, "The setup of this integration is incomplete.");
        define("INTEGRATION.INACTIVE", 403, "This integration is inactive.");
        define("INTEGRATION.MODEL_NOT_AVAILABLE", 403, "This data model isn't supported for the selected integration.");
        define("INTEGRATION.MODEL_DISABLED", 403, "This data model is disabled for the selected integration.");
        define("INTEGRATION.ACTION_NOT_AVAILABLE", 403, "This action isn't supported for the selected integration.");
        define("INTEGRATION.ACTION_DISABLED", 403, "This action is disabled for the selected integration.");
        define("REMOTE.SERVICE_UNAVAILABLE", 503, "The remote system is currently unavailable.");
        define("REMOTE.RATE_LIMIT_EXCEEDED", 429, "The remote system's rate limit was exceeded.");
        define("REMOTE.INPUT_INVALID", 400, "The remote system rejected the input.");
        define("REMOTE.UNKNOWN_HTTP_ERROR", 502, "The remote system answered with an unexpected HTTP error.");
        define("ATS.JOB_CLOSED", 400, "The job is closed.");
        define("ATS.APPLICATION_ALREADY_EXISTS", 409, "The candidate already applied to this job.");
    }

    private KomboErrors() {
    }

    /** All codes, in the contract's order. */
    public static List<String> codes() {
        return List.copyOf(DEFINITIONS.keySet());
    }

    public static boolean isKnown(String code) {
        return code != null && DEFINITIONS.containsKey(code);
    }

    public static int status(String code) {
        return definition(code).status;
    }

    public static String title(String code) {
        return definition(code).title;
    }

    private static Definition definition(String code) {
        Definition definition = code == null ? null : DEFINITIONS.get(code);
        if (definition == null) {
            throw new IllegalArgumentException("unknown Kombo error code: " + code);
        }
        return definition;
    }

    private static void define(String code, int status, String title) {
        DEFINITIONS.put(code, new Definition(status, title));
    }

    private record Definition(int status, String title) {
    }
}
