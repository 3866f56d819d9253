package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.update.IdempotencyCache;
import dev.kombo.interviews.update.UpdateOutcome;

/** Two replicas (two stores on one shared folder) see each other's idempotency keys. */
class IdempotencyFolderTest {

    private static final long WINDOW = 60_000;

    @TempDir
    Path shared;

    @Test
    void a_key_claimed_on_one_replica_is_in_flight_then_replayed_on_the_other() throws Exception {
        IdempotencyFolder one = new IdempotencyFolder(shared, WINDOW, WINDOW);
        IdempotencyFolder two = new IdempotencyFolder(shared, WINDOW, WINDOW);
        UpdateOutcome applied = UpdateOutcome.success(new ObjectMapper().readTree("{\"status\":\"success\",\"data\":{\"id\":\"i1\"}}"));

        assertThat(one.begin("acme:key-1")).isInstanceOf(IdempotencyCache.Fresh.class);
        assertThat(two.begin("acme:key-1")).isInstanceOf(IdempotencyCache.InFlight.class);
        one.finish("acme:key-1", applied);

        IdempotencyCache.Lookup replay = two.begin("acme:key-1");
        assertThat(replay).isInstanceOf(IdempotencyCache.Replay.class);
        assertThat(((IdempotencyCache.Replay) replay).outcome()).isEqualTo(applied);
        assertThat(two.begin("acme:key-2")).as("another key").isInstanceOf(IdempotencyCache.Fresh.class);
    }

    @Test
    void an_abandoned_claim_or_an_expired_outcome_lets_the_key_be_sent_again() throws Exception {
        IdempotencyFolder one = new IdempotencyFolder(shared, WINDOW, 1_000);
        IdempotencyFolder two = new IdempotencyFolder(shared, WINDOW, 1_000);

        one.begin("k-abandoned");
        one.abandon("k-abandoned");
        assertThat(two.begin("k-abandoned")).isInstanceOf(IdempotencyCache.Fresh.class);

        // a replica that died holding a claim: the claim is given up after the in-flight timeout
        one.begin("k-crashed");
        ageAll(Instant.now().minusSeconds(5));
        assertThat(two.begin("k-crashed")).isInstanceOf(IdempotencyCache.Fresh.class);

        one.begin("k-old");
        one.finish("k-old", UpdateOutcome.success(new ObjectMapper().readTree("{}")));
        ageAll(Instant.now().minusMillis(WINDOW + 5_000));
        assertThat(two.begin("k-old")).as("outside the window").isInstanceOf(IdempotencyCache.Fresh.class);
    }

    @Test
    void of_many_replicas_claiming_one_key_at_once_exactly_one_sends() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<IdempotencyCache.Lookup>> claims = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                IdempotencyFolder replica = new IdempotencyFolder(shared, WINDOW, WINDOW);
                claims.add(() -> replica.begin("acme:same-key"));
            }
            long fresh = 0;
            for (Future<IdempotencyCache.Lookup> result : pool.invokeAll(claims)) {
                fresh += result.get() instanceof IdempotencyCache.Fresh ? 1 : 0;
            }
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private void ageAll(Instant to) throws Exception {
        try (var files = Files.list(shared)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(to));
            }
        }
    }
}
