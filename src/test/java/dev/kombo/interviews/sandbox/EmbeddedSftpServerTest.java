package dev.kombo.interviews.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSftpServerTest {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "customer";
    private static final String PASSWORD = "s3cret";

    @TempDir
    Path tmp;

    private Path root;
    private Path hostKey;
    private Path knownHosts;
    private Path clientKey;
    private EmbeddedSftpServer server;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        root = tmp.resolve("root");
        hostKey = tmp.resolve("host-key.pem");
        knownHosts = tmp.resolve("known_hosts");
        clientKey = tmp.resolve("id_ecdsa");
        Path authorizedKeys = tmp.resolve("authorized_keys");
        EmbeddedSftpServer.writeClientKeyPair(clientKey, authorizedKeys, "test-client");

        server = new EmbeddedSftpServer(root, hostKey, HOST, 0, USER, PASSWORD)
                .withAuthorizedKeys(authorizedKeys);
        server.start();

        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        server.close();
    }

    @Test
    void accepts_an_upload_from_a_client_that_trusts_its_host_key() throws Exception {
        server.writeKnownHosts(knownHosts);

        upload(passwordUri(PASSWORD), "interview-1.json", "{\"id\":1}");

        assertThat(root.resolve("inbox/interview-1.json")).hasContent("{\"id\":1}");
    }

    @Test
    void accepts_a_client_key_listed_in_authorized_keys() throws Exception {
        server.writeKnownHosts(knownHosts);

        upload(baseUri() + "&privateKeyFile=" + clientKey + "&preferredAuthentications=publickey",
                "by-key.json", "{}");

        assertThat(root.resolve("inbox/by-key.json")).exists();
    }

    @Test
    void refuses_a_changed_host_key() throws Exception {
        Files.writeString(knownHosts, "[" + HOST + "]:" + server.port() + " " + foreignEcKey() + "\n");

        assertThatThrownBy(() -> upload(passwordUri(PASSWORD), "x.json", "{}"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(JSchChangedHostKeyException.class)
                .rootCause().hasMessageContaining("HostKey has been changed");
        assertThat(root.resolve("inbox/x.json")).doesNotExist();
    }

    @Test
    void refuses_an_unknown_host_key() throws Exception {
        Files.writeString(knownHosts, "");

        assertThatThrownBy(() -> upload(passwordUri(PASSWORD), "x.json", "{}"))
                .hasRootCauseInstanceOf(JSchUnknownHostKeyException.class);
    }

    @Test
    void refuses_a_wrong_password() throws Exception {
        server.writeKnownHosts(knownHosts);

        assertThatThrownBy(() -> upload(passwordUri("wrong"), "x.json", "{}"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(JSchException.class)
                .rootCause().hasMessageContaining("Auth fail");
        assertThat(root.resolve("inbox/x.json")).doesNotExist();
    }

    @Test
    void keeps_its_port_and_host_key_across_restarts() throws Exception {
        server.writeKnownHosts(knownHosts);
        int port = server.port();

        server.close();
        server.start();
        upload(passwordUri(PASSWORD), "after-restart.json", "{}");

        assertThat(server.port()).isEqualTo(port);
        assertThat(root.resolve("inbox/after-restart.json")).exists();
        assertThat(new EmbeddedSftpServer(root, hostKey, HOST, 0, USER, PASSWORD).hostPublicKey())
                .isEqualTo(server.hostPublicKey());
    }

    @Test
    void replaces_only_its_own_known_hosts_entry() throws Exception {
        String entry = "[" + HOST + "]:" + server.port();
        String otherHost = "[example.test]:2222 " + foreignEcKey();
        Files.write(knownHosts, List.of(otherHost, entry + " " + foreignEcKey()), StandardCharsets.UTF_8);

        server.writeKnownHosts(knownHosts);

        assertThat(Files.readAllLines(knownHosts)).containsExactly(
                otherHost, entry + " " + PublicKeyEntry.toString(server.hostPublicKey()));
        assertThat(Files.readAllLines(knownHosts).get(1)).startsWith(entry + " ecdsa-sha2-nistp256 ");
    }

    private String baseUri() {
        return "sftp://" + HOST + ":" + server.port() + "/inbox?username=" + USER
                + "&knownHostsFile=" + knownHosts
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                // fail fast: a refused host key or login does not get better on retry
                + "&maximumReconnectAttempts=0";
    }

    private String passwordUri(String password) {
        return baseUri() + "&password=RAW(" + password + ")";
    }

    private void upload(String uri, String fileName, String body) {
        template.sendBodyAndHeader(uri, body, Exchange.FILE_NAME, fileName);
    }

    private static String foreignEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return PublicKeyEntry.toString(generator.generateKeyPair().getPublic());
    }
}
