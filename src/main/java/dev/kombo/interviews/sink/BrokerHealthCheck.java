package dev.kombo.interviews.sink;

import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the JMS broker: DOWN while no connection can be made, naming the integrations whose JMS sink
 * (and the inbound queue) wait for it. Its own short-lived connection with one attempt and a short call
 * timeout, so a dead broker makes the check fail fast instead of hanging the health endpoint.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory probe;
    private final String url;
    private final List<String> jmsSinkIntegrations;

    public BrokerHealthCheck(String url, String user, String password, List<String> jmsSinkIntegrations) {
        super("kombo", "kombo-broker");
        this.url = url;
        this.probe = EmbeddedBroker.connectionFactory(url + (url.contains("?") ? "&" : "?")
                + "initialConnectAttempts=1&reconnectAttempts=0&callTimeout=2000&connectionTTL=5000", user, password);
        this.jmsSinkIntegrations = jmsSinkIntegrations;
    }

    @Override
    public boolean isLiveness() {
        // a broker outage is not cured by restarting the bundle
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("broker.url", url);
        builder.detail("broker.used_by_jms_sink_of", String.join(",", jmsSinkIntegrations));
        try (Connection connection = probe.createConnection()) {
            connection.getMetaData(); // a round trip: the broker answers
            builder.up();
        } catch (JMSException | RuntimeException e) {
            builder.detail("broker.reason", e.getClass().getSimpleName() + ": " + e.getMessage());
            builder.down();
        }
    }
}
