package dev.kombo.interviews.update;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication of the bundle's own HTTP endpoints ({@code kombo.inbound.auth}): {@code none},
 * {@code bearer} (a shared token) or {@code basic} (one user). Tokens and passwords come from the
 * environment or a mounted file and are compared in constant time; a refusal never says which part was wrong.
 */
public final class InboundAuth {

    private static final Logger LOG = LoggerFactory.getLogger(InboundAuth.class);

    private final String mode;
    private final byte[] expected;

    public InboundAuth(String mode, String token, String username, String password) {
        this.mode = mode.trim().toLowerCase(Locale.ROOT);
        switch (this.mode) {
            case "none" -> expected = null;
            case "bearer" -> expected = required(token, "kombo.inbound.auth.token").getBytes(StandardCharsets.UTF_8);
            case "basic" -> expected = (required(username, "kombo.inbound.auth.username") + ":"
                    + required(password, "kombo.inbound.auth.password")).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("kombo.inbound.auth=" + mode + " is not none, bearer or basic");
        }
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set (environment or *_FILE) when inbound auth is on");
        }
        return value;
    }

    /**
     * True when the request must be refused; then the exchange already holds the 401 answer. The
     * Authorization header is removed either way, so it cannot travel further.
     */
    public boolean denied(Exchange exchange) {
        String header = exchange.getIn().getHeader("Authorization", String.class);
        exchange.getIn().removeHeader("Authorization");
        if (expected == null || matches(header)) {
            return false;
        }
        LOG.warn("refused an unauthenticated request to {}", exchange.getIn().getHeader(Exchange.HTTP_PATH));
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        exchange.getIn().setHeader("WWW-Authenticate", mode.equals("basic") ? "Basic realm=\"kombo-interview-routes\""
                : "Bearer realm=\"kombo-interview-routes\"");
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody("{\"status\":\"error\",\"error\":{\"code\":null,\"title\":\"Unauthorized\","
                + "\"message\":\"missing or invalid credentials\",\"log_url\":null}}");
        return true;
    }

    private boolean matches(String header) {
        if (header == null) {
            return false;
        }
        String scheme = mode.equals("basic") ? "Basic " : "Bearer ";
        if (!header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        byte[] given;
        String credentials = header.substring(scheme.length()).trim();
        if (mode.equals("basic")) {
            try {
                given = Base64.getDecoder().decode(credentials);
            } catch (IllegalArgumentException e) {
                return false;
            }
        } else {
            given = credentials.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(given, expected);
    }
}
