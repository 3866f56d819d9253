package dev.kombo.interviews.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wraps every route: turns handler failures into a Kombo 500 and appends the request to the log as it is answered. */
final class RecordingHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingHandler.class);
    private static final List<String> LOGGED_HEADERS =
            List.of("Authorization", ApiGate.INTEGRATION_HEADER, "Content-Type", "User-Agent");

    private final HttpHandler delegate;
    private final RequestLog log;
    private final KomboResponses responses;

    RecordingHandler(HttpHandler delegate, RequestLog log, KomboResponses responses) {
        this.delegate = delegate;
        this.log = log;
        this.responses = responses;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        Instant time = Instant.now();
        // Logged as the status goes out: the client may look up its log_url (or the log) the moment it has
        // its answer, and the JDK server hands that answer over before the handler returns.
        ObservedExchange observed = new ObservedExchange(exchange, status -> log.add(new RequestLog.Entry(time,
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                selectedHeaders(exchange.getRequestHeaders()), status, (System.nanoTime() - started) / 1_000_000,
                (String) exchange.getAttribute(KomboResponses.LOG_ID))));
        try {
            delegate.handle(observed);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (exchange.getResponseCode() == -1) {
                try {
                    responses.error(observed, KomboErrors.UNKNOWN_ERROR, "The sandbox failed: " + e);
                } catch (IOException | RuntimeException ignored) {
                    // the client went away; nothing left to tell it
                }
            }
        } finally {
            observed.announceUnlessSent(exchange.getResponseCode());
            exchange.close();
        }
    }

    private static Map<String, String> selectedHeaders(Headers headers) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (String name : LOGGED_HEADERS) {
            String value = headers.getFirst(name);
            if (value != null) {
                selected.put(name, name.equals("Authorization") ? mask(value) : value);
            }
        }
        return selected;
    }

    private static String mask(String authorization) {
        int space = authorization.indexOf(' ');
        return (space > 0 ? authorization.substring(0, space) : "Bearer") + " ***";
    }
}
