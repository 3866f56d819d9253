package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kombo.interviews.kombo.IntegrationSuspensions;
import dev.kombo.interviews.kombo.KomboError;

/** Two replicas on one shared state folder: what one learns from Kombo stops the integration on both. */
class SharedSuspensionsTest {

    @TempDir
    Path shared;

    private static final KomboError REVOKED = new KomboError(401, "INTEGRATION.AUTHENTICATION_INVALID", "Revoked",
            "the key was revoked", "https://app.kombo.dev/logs/1", Optional.empty());

    @Test
    void a_suspension_on_one_replica_reaches_the_other_and_so_does_the_resume() {
        IntegrationSuspensions a = new IntegrationSuspensions(new SuspensionFolder(shared), 200, "replica-a");
        IntegrationSuspensions b = new IntegrationSuspensions(new SuspensionFolder(shared), 200, "replica-b");
        assertThat(b.suspension("x:acme")).isEmpty();

        a.suspend("x:acme", REVOKED);

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(b.suspension("x:acme"))
                .hasValueSatisfying(s -> {
                    assertThat(s.error().code()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");
                    assertThat(s.error().logUrl()).isEqualTo("https://app.kombo.dev/logs/1");
                    assertThat(s.replica()).isEqualTo("replica-a");
                }));
        assertThat(b.suspension("x:globex")).isEmpty();

        assertThat(b.resume("x:acme")).isTrue();

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(a.suspension("x:acme")).isEmpty());
        assertThat(a.resume("x:acme")).as("resumed already").isFalse();
    }

    @Test
    void the_first_suspension_stays_when_both_replicas_suspend() {
        SuspensionFolder one = new SuspensionFolder(shared);
        SuspensionFolder two = new SuspensionFolder(shared);

        assertThat(one.suspend("x:acme", new IntegrationSuspensions.Suspension(REVOKED, java.time.Instant.EPOCH, "a")))
                .isTrue();
        assertThat(two.suspend("x:acme", new IntegrationSuspensions.Suspension(REVOKED, java.time.Instant.now(), "b")))
                .isFalse();
        assertThat(two.all().get("x:acme").replica()).isEqualTo("a");
    }
}
