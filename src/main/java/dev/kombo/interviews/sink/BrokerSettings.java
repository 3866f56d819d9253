package dev.kombo.interviews.sink;

import dev.kombo.interviews.SettingsReader;

/** The JMS broker the sinks and the update queue use ({@code jms.broker.*}); the password is a secret. */
public record BrokerSettings(String url, String username, String password, int sessionCacheSize) {

    public static BrokerSettings read(SettingsReader r) {
        return new BrokerSettings(r.text("jms.broker.url"), r.optional("jms.broker.username").orElse(null),
                r.optional("jms.broker.password").orElse(null), r.integer("jms.broker.session-cache-size", 1, 1000));
    }

    @Override
    public String toString() {
        return "BrokerSettings[url=" + url + ", username=" + username + ", sessionCacheSize=" + sessionCacheSize + "]";
    }
}
