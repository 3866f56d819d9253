package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.ConfigCheck;

/**
 * {@code --check} with kombo.state.store=jdbc: the store's problems come from StateSettings, where the state is
 * is printed without the password, and the database is never connected to (--check starts nothing).
 */
class StateConfigCheckTest {

    private final Path work = Path.of("target", "test-work", "state-check-" + UUID.randomUUID()).toAbsolutePath();

    private static String check(Properties overrides) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConfigCheck.run(Application.DEFAULT_CONFIG, overrides, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_jdbc_store_without_a_url_is_a_problem_named_with_its_variable() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("kombo.state.store", "jdbc");

        assertThat(check(overrides)).contains("problem: kombo.state.jdbc.url is not set (KOMBO_STATE_JDBC_URL)")
                .endsWith("FAILED: 1 problem(s)\n");
    }

    @Test
    void a_jdbc_store_is_described_without_its_password_and_never_connected_to() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(work);
            Path secret = Files.writeString(work.resolve("state_db_password"), "s3cret-state-pw\n");
            String url = "jdbc:postgresql://127.0.0.1:" + database.getLocalPort() + "/kombo";
            Properties overrides = new Properties();
            overrides.setProperty("kombo.state.store", "jdbc");
            overrides.setProperty("kombo.state.jdbc.url", url + "?ApplicationName=check");
            overrides.setProperty("kombo.state.jdbc.username", "kombo");
            overrides.setProperty("kombo.state.jdbc.password-file", secret.toString());

            String output = check(overrides);

            assertThat(output).contains("state: PostgreSQL " + url + " as kombo (pool of 5, schema version 1) (not "
                    + "connected to by --check: watermarks and kept records are not read)\n")
                    .contains("updated_after=(the watermark in the state database)")
                    .doesNotContain("s3cret-state-pw").endsWith("OK\n");
            database.setSoTimeout(200);
            assertThatThrownBy(database::accept).as("no connection was attempted")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void a_password_in_the_url_is_refused_without_being_printed() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("kombo.state.store", "jdbc");
        overrides.setProperty("kombo.state.jdbc.url", "jdbc:postgresql://db:5432/kombo?user=kombo&password=hunter2");

        assertThat(check(overrides)).contains("problem: kombo.state.jdbc.url carries a password: give it as "
                + "KOMBO_STATE_JDBC_PASSWORD or KOMBO_STATE_JDBC_PASSWORD_FILE instead").doesNotContain("hunter2");
    }

    @Test
    void a_database_url_that_the_file_store_would_ignore_and_a_bad_pool_are_problems_too() throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("kombo.state.jdbc.url", "jdbc:postgresql://db:5432/kombo");
        overrides.setProperty("kombo.state.jdbc.pool-size", "0");

        assertThat(check(overrides))
                .contains("problem: kombo.state.jdbc.url is set, but kombo.state.store=file: the database would not be "
                        + "used (set kombo.state.store=jdbc)")
                .doesNotContain("pool-size");

        overrides.setProperty("kombo.state.store", "jdbc");
        overrides.setProperty("kombo.state.jdbc.url", "jdbc:mysql://db/kombo");
        assertThat(check(overrides)).contains("problem: kombo.state.jdbc.pool-size=0 is outside 1..100")
                .contains("problem: kombo.state.jdbc.url=jdbc:mysql://db/kombo is not a PostgreSQL URL");
    }
}
