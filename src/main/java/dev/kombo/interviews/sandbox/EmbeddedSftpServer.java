package dev.kombo.interviews.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SFTP-only server (Apache MINA SSHD) that plays the customer's SFTP host in the demo and in tests.
 * Users see {@code rootDir} as {@code /}. The host key is an ECDSA P-256 key kept in
 * {@code hostKeyFile}, so clients that pinned it in known_hosts keep trusting a restarted server.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSftpServer.class);
    // ecdsa-sha2-nistp256: first algorithm JSch offers that SSHD can serve without extra
    // providers (ed25519 would need net.i2p eddsa or BouncyCastle on the server side).
    private static final String KEY_ALGORITHM = KeyUtils.EC_ALGORITHM;
    private static final int KEY_SIZE = 256;

    private final Path rootDir;
    private final String host;
    private final byte[] userBytes;
    private final byte[] passwordBytes;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private Path authorizedKeys;
    private int port;
    private SshServer server;

    public EmbeddedSftpServer(Path rootDir, Path hostKeyFile, String host, int port, String user, String password) {
        this.rootDir = rootDir.toAbsolutePath();
        this.host = host;
        this.port = port;
        this.userBytes = user.getBytes(StandardCharsets.UTF_8);
        this.passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        this.hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile.toAbsolutePath());
        this.hostKeys.setAlgorithm(KEY_ALGORITHM);
        this.hostKeys.setKeySize(KEY_SIZE);
    }

    /** Also accept public-key logins for the configured user from an OpenSSH authorized_keys file. */
    public EmbeddedSftpServer withAuthorizedKeys(Path authorizedKeysFile) {
        this.authorizedKeys = authorizedKeysFile.toAbsolutePath();
        return this;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        Files.createDirectories(rootDir);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        // After the first start the bound port is kept, so known_hosts entries stay valid.
        sshd.setPort(port);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(rootDir));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        // SFTP is request and answer: with Nagle on, an answer's second small packet waited for the client's
        // delayed ACK, about 40 ms a round trip and over 100 ms a file on loopback
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setPasswordAuthenticator((username, password, session) -> credentialsMatch(username, password));
        if (authorizedKeys != null) {
            PublickeyAuthenticator keys = new AuthorizedKeysAuthenticator(authorizedKeys);
            sshd.setPublickeyAuthenticator((username, key, session) ->
                    isUser(username) && keys.authenticate(username, key, session));
        }
        sshd.start();
        server = sshd;
        port = sshd.getPort();
        LOG.info("Embedded SFTP server listening on sftp://{}:{} serving {}", host, port, rootDir);
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /**
     * Writes (or replaces) this server's entry in an OpenSSH known_hosts file, as
     * {@code [host]:port ecdsa-sha2-nistp256 <base64>} ({@code host} alone on port 22), which is the
     * form JSch looks up with {@code StrictHostKeyChecking=yes}. Other lines are kept.
     */
    public void writeKnownHosts(Path knownHostsFile) throws IOException {
        if (port == 0) {
            throw new IllegalStateException("Port not bound yet: start() the server first");
        }
        String hostPattern = port == 22 ? host : "[" + host + "]:" + port;
        List<String> lines = new ArrayList<>();
        if (Files.exists(knownHostsFile)) {
            for (String line : Files.readAllLines(knownHostsFile, StandardCharsets.UTF_8)) {
                if (!namesHost(line, hostPattern)) {
                    lines.add(line);
                }
            }
        }
        lines.add(hostPattern + " " + PublicKeyEntry.toString(hostPublicKey()));
        Path parent = knownHostsFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(knownHostsFile, lines, StandardCharsets.UTF_8);
    }

    /** The server's host key; generated into {@code hostKeyFile} on first use. */
    public PublicKey hostPublicKey() throws IOException {
        List<KeyPair> keys = hostKeys.loadKeys(null);
        if (keys.isEmpty()) {
            throw new IOException("No host key in " + hostKeys.getPath());
        }
        return keys.get(0).getPublic();
    }

    /**
     * Creates an unencrypted ECDSA P-256 client key pair: the private key in OpenSSH format (which
     * JSch reads, e.g. as camel-ftp's {@code privateKeyFile}) and the public key as an
     * authorized_keys line for {@link #withAuthorizedKeys(Path)}.
     */
    public static KeyPair writeClientKeyPair(Path privateKeyFile, Path publicKeyFile, String comment)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keyPair = generator.generateKeyPair();
        try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, comment, null, out);
        }
        try (OutputStream out = Files.newOutputStream(publicKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(keyPair.getPublic(), comment, out);
        }
        return keyPair;
    }

    @Override
    public synchronized void close() throws IOException {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
            LOG.info("Embedded SFTP server on {}:{} stopped", host, port);
        } finally {
            server = null;
        }
    }

    private boolean credentialsMatch(String username, String password) {
        byte[] given = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        // Non-short-circuit '&' so a wrong user name costs the same time as a wrong password.
        return isUser(username) & MessageDigest.isEqual(given, passwordBytes);
    }

    private boolean isUser(String username) {
        return username != null && MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8), userBytes);
    }

    private static boolean namesHost(String line, String hostPattern) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("@")) {
            return false;
        }
        String hosts = trimmed.split("\\s+", 2)[0];
        return Arrays.asList(hosts.split(",")).contains(hostPattern);
    }
}
