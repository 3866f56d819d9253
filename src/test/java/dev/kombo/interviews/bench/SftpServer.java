package dev.kombo.interviews.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.kombo.interviews.sandbox.EmbeddedSftpServer;

/**
 * The embedded MINA SFTP server (the demo's, {@link EmbeddedSftpServer}) as a process of its own, so that the
 * SFTP sink's benchmark does not share the bundle's JVM with its server.
 *
 * <pre>
 * SftpServer --root DIR --port N --known-hosts FILE [--user kombo]   (password: environment variable SFTP_PASSWORD)
 * </pre>
 * Writes the host key's known_hosts line to FILE, prints {@code SFTP READY <port>} and runs until it is stopped.
 */
public final class SftpServer {

    private SftpServer() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "root", "port", "known-hosts", "user");
        String password = System.getenv("SFTP_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("SFTP_PASSWORD is not set");
        }
        Path root = Path.of(Args.required(args, "root"));
        EmbeddedSftpServer server = new EmbeddedSftpServer(root.resolve("home"), root.resolve("host-key.pem"),
                "127.0.0.1", Integer.parseInt(Args.required(args, "port")), args.getOrDefault("user", "kombo"),
                password);
        server.start();
        server.writeKnownHosts(Path.of(Args.required(args, "known-hosts")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("SFTP READY " + server.port());
        stopped.await();
    }
}
