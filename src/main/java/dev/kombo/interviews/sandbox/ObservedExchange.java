package dev.kombo.interviews.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.IntConsumer;

/**
 * An exchange that tells {@code beforeSend} the status once, just before the answer leaves; otherwise the
 * exchange itself. Logs written there are complete by the time the client has its answer, whereas a log
 * written after the handler returns races the client's next request.
 */
final class ObservedExchange extends HttpExchange {

    private final HttpExchange exchange;
    private final IntConsumer beforeSend;
    private boolean announced;

    ObservedExchange(HttpExchange exchange, IntConsumer beforeSend) {
        this.exchange = exchange;
        this.beforeSend = beforeSend;
    }

    @Override
    public void sendResponseHeaders(int status, long length) throws IOException {
        announce(status);
        exchange.sendResponseHeaders(status, length);
    }

    /** Tells {@code beforeSend} this status if no answer went out (the handler failed before answering). */
    void announceUnlessSent(int status) {
        announce(status);
    }

    private void announce(int status) {
        if (!announced) {
            announced = true;
            beforeSend.accept(status);
        }
    }

    @Override
    public Headers getRequestHeaders() {
        return exchange.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return exchange.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return exchange.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return exchange.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return exchange.getHttpContext();
    }

    @Override
    public void close() {
        exchange.close();
    }

    @Override
    public InputStream getRequestBody() {
        return exchange.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
        return exchange.getResponseBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return exchange.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return exchange.getResponseCode();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return exchange.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return exchange.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return exchange.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        exchange.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        exchange.setStreams(in, out);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return exchange.getPrincipal();
    }
}
