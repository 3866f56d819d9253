package dev.kombo.interviews.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis broker running inside the application, the default JMS sink. Persistent, so
 * queued interviews survive a restart; duplicate detection on, so re-sent messages carrying the
 * same {@code _AMQ_DUPL_ID} are dropped by the broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String DEAD_LETTER_ADDRESS = "DLQ";
    public static final String EXPIRY_ADDRESS = "ExpiryQueue";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String ROLE = "kombo";
    private static final int ID_CACHE_SIZE = 20_000;
    private static final int MAX_DELIVERY_ATTEMPTS = 5;
    private static final long GLOBAL_MAX_SIZE = 64L * 1024 * 1024;

    private final Path dataDir;
    private final String host;
    private final String user;
    private final String password;
    private int port;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(Path dataDir, String host, int port, String user, String password) {
        this.dataDir = dataDir.toAbsolutePath();
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Client-side factory for this or an external Artemis broker. */
    public static ConnectionFactory connectionFactory(String url, String user, String password) {
        return new ActiveMQConnectionFactory(url, user, password);
    }

    public synchronized void start() throws Exception {
        if (broker != null) {
            return;
        }
        if (port == 0) {
            // Artemis binds the configured port literally; resolve once so a restart keeps the URL.
            port = freePort(host);
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ()
                .setConfiguration(configuration())
                .setSecurityManager(securityManager());
        server.start();
        broker = server;
        LOG.info("Embedded Artemis broker listening on {} (data in {})", brokerUrl(), dataDir);
    }

    /** The running Artemis server, for a look inside (tests watch and hold back its packets); empty while stopped. */
    public synchronized Optional<ActiveMQServer> server() {
        return broker == null ? Optional.empty() : Optional.of(broker.getActiveMQServer());
    }

    public int port() {
        return port;
    }

    public String brokerUrl() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public synchronized void close() throws Exception {
        if (broker == null) {
            return;
        }
        try {
            broker.stop();
            LOG.info("Embedded Artemis broker on {} stopped", brokerUrl());
        } finally {
            broker = null;
        }
    }

    private ConfigurationImpl configuration() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("kombo-interviews");
        config.addAcceptorConfiguration("tcp", brokerUrl() + "?protocols=CORE");

        config.setPersistenceEnabled(true);
        // NIO keeps behaviour identical on hosts without libaio.
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dataDir.toString());

        // Duplicate detection: ids persisted so a redelivery after a restart is still dropped.
        config.setIDCacheSize(ID_CACHE_SIZE);
        config.setPersistIDCache(true);

        config.setSecurityEnabled(true);
        // Everything a JMS client needs (send, consume, browse, create/delete queues and
        // addresses); no management, view or edit.
        Role client = new Role(ROLE, true, true, true, true, true, true, false, true, true, true, false, false);
        config.putSecurityRoles("#", Set.of(client));
        // Not clustered, but Artemis warns loudly about the default cluster credentials.
        config.setClusterUser("cluster-" + UUID.randomUUID());
        config.setClusterPassword(UUID.randomUUID().toString());

        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setGlobalMaxSize(GLOBAL_MAX_SIZE);

        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(1_000)
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE));
        config.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTER_ADDRESS)
                .setRoutingType(RoutingType.ANYCAST));
        config.addQueueConfiguration(QueueConfiguration.of(EXPIRY_ADDRESS)
                .setRoutingType(RoutingType.ANYCAST));
        return config;
    }

    private ActiveMQJAASSecurityManager securityManager() {
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(user, password);
        users.addRole(user, ROLE);
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
