package dev.kombo.interviews.kombo;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;

/**
 * Per-request timeouts for camel-http, whose timeouts are otherwise fixed per endpoint: a call that must end
 * by a caller's deadline carries {@link #HEADER} (milliseconds), and the HTTP client's request interceptor
 * takes it off the request and caps the connect, pool and response timeouts of this one request by it.
 * The header never reaches Kombo.
 */
public final class AttemptTimeouts {

    public static final String HEADER = "Kombo-Bundle-Attempt-Timeout-Ms";

    private AttemptTimeouts() {
    }

    @SuppressWarnings("deprecation") // RequestConfig's connect timeout is the one camel-http sets
    public static void install(HttpClientBuilder builder) {
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            Header header = request.getFirstHeader(HEADER);
            if (header == null) {
                return;
            }
            request.removeHeaders(HEADER);
            Timeout cap = Timeout.ofMilliseconds(Math.max(1, Long.parseLong(header.getValue().trim())));
            HttpClientContext client = HttpClientContext.castOrCreate(context);
            RequestConfig current = client.getRequestConfig();
            client.setRequestConfig(RequestConfig.copy(current)
                    .setResponseTimeout(min(current.getResponseTimeout(), cap))
                    .setConnectTimeout(min(current.getConnectTimeout(), cap))
                    .setConnectionRequestTimeout(min(current.getConnectionRequestTimeout(), cap))
                    .build());
        });
    }

    private static Timeout min(Timeout configured, Timeout cap) {
        return configured == null || configured.isDisabled() || configured.compareTo(cap) > 0 ? cap : configured;
    }
}
