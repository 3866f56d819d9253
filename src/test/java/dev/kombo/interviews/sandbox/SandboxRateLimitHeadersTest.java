package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kombo sends {@code ratelimit-limit/-remaining/-reset} (IETF RateLimit fields) on every answer, and
 * {@code Retry-After} only when it wants the client to wait: a client that takes {@code ratelimit-reset} for a
 * wait order after a 503 waits up to a minute for nothing. The sandbox answers the same way.
 */
class SandboxRateLimitHeadersTest {

    private static final String ACME = "lever:RateAcme00000000000000001";
    private static final String GLOBEX = "lever:RateGlobex000000000000001";
    private static final int LIMIT = 500;
    private KomboSandbox sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 300).integration(GLOBEX, 300)
                .rateLimit(LIMIT).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void every_200_carries_the_window_and_remaining_counts_down_per_request() {
        List<SandboxHttp.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(http.interviews(ACME, "page_size=10"));
        }

        for (int i = 0; i < replies.size(); i++) {
            SandboxHttp.Reply reply = replies.get(i);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(header(reply, "ratelimit-limit")).isEqualTo(LIMIT);
            assertThat(header(reply, "ratelimit-remaining")).isEqualTo(LIMIT - 1 - i);
            assertThat(header(reply, "ratelimit-reset")).isBetween(1, RateLimitWindows.WINDOW_SECONDS);
            assertThat(reply.headers().firstValue("Retry-After")).isEmpty();
        }
    }

    @Test
    void each_integration_has_its_own_window() {
        http.interviews(ACME, "");
        http.interviews(ACME, "");

        assertThat(header(http.interviews(GLOBEX, ""), "ratelimit-remaining")).isEqualTo(LIMIT - 1);
        assertThat(header(http.interviews(ACME, ""), "ratelimit-remaining")).isEqualTo(LIMIT - 3);
    }

    @Test
    void errors_and_5xx_faults_carry_the_ordinary_headers_without_retry_after() {
        Map<String, SandboxHttp.Reply> replies = new LinkedHashMap<>();
        replies.put("401 wrong key", http.interviews("", b -> b.header("Authorization", "Bearer wrong")
                .header("X-Integration-Id", ACME)));
        replies.put("404 unknown integration", http.interviews("nobody:here", ""));
        replies.put("400 invalid input", http.interviews(ACME, "page_size=0"));
        sandbox.store().setState(ACME, "INTEGRATION.SETUP_SYNC_PENDING");
        replies.put("409 integration state", http.interviews(ACME, ""));
        sandbox.store().setState(ACME, null);
        Map<String, Fault> faults = new LinkedHashMap<>();
        faults.put("429 concurrency limit", Fault.errorCode("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED"));
        faults.put("500 null code", Fault.of(Fault.Kind.NULL_CODE));
        faults.put("502 remote error", Fault.errorCode("REMOTE.UNKNOWN_HTTP_ERROR"));
        faults.put("502 load balancer HTML", Fault.of(Fault.Kind.BAD_GATEWAY_HTML));
        faults.put("503 remote unavailable", Fault.of(Fault.Kind.REMOTE_UNAVAILABLE));
        faults.put("503 load balancer HTML", Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML));
        faults.put("504 empty", Fault.of(Fault.Kind.GATEWAY_TIMEOUT_EMPTY));
        faults.forEach((name, fault) -> {
            sandbox.faults().script(1, fault);
            replies.put(name, http.interviews(ACME, ""));
        });

        replies.forEach((name, reply) -> {
            assertThat(reply.status()).as(name).isEqualTo(Integer.parseInt(name.substring(0, 3)));
            assertThat(header(reply, "ratelimit-limit")).as(name).isEqualTo(LIMIT);
            assertThat(header(reply, "ratelimit-remaining")).as(name).isGreaterThan(LIMIT - 20);
            assertThat(header(reply, "ratelimit-reset")).as(name).isBetween(1, RateLimitWindows.WINDOW_SECONDS);
            assertThat(reply.headers().firstValue("Retry-After")).as(name).isEmpty();
        });
        assertThat(replies.get("429 concurrency limit").errorCode()).isEqualTo("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED");
        assertThat(replies.get("429 concurrency limit").headers().firstValue("Concurrency-Limit")).isPresent();
        assertThat(replies.get("502 load balancer HTML").contentType()).isEqualTo("text/html");
    }

    @Test
    void scripted_rate_limit_has_nothing_remaining_and_retry_after() {
        sandbox.faults().script(1, Fault.rateLimit(4));

        SandboxHttp.Reply limited = http.interviews(ACME, "");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
        assertThat(header(limited, "ratelimit-limit")).isEqualTo(LIMIT);
        assertThat(header(limited, "ratelimit-remaining")).isZero();
        assertThat(header(limited, "ratelimit-reset")).isEqualTo(4);
        assertThat(header(limited, "Retry-After")).isEqualTo(4);
    }

    @Test
    void a_used_up_window_answers_429_with_retry_after_until_it_ends_and_remaining_never_goes_negative()
            throws Exception {
        sandbox.close();
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 300).integration(GLOBEX, 300)
                .rateLimit(3).build()).start();
        http = new SandboxHttp(sandbox);

        List<SandboxHttp.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(http.interviews(ACME, ""));
        }

        assertThat(replies).extracting(SandboxHttp.Reply::status).containsExactly(200, 200, 200, 429, 429);
        assertThat(replies).extracting(r -> header(r, "ratelimit-remaining")).containsExactly(2, 1, 0, 0, 0);
        SandboxHttp.Reply limited = replies.get(3);
        assertThat(limited.errorCode()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
        assertThat(header(limited, "Retry-After")).isEqualTo(header(limited, "ratelimit-reset"))
                .isBetween(1, RateLimitWindows.WINDOW_SECONDS);
        assertThat(http.interviews(GLOBEX, "").status()).as("another integration's window").isEqualTo(200);
    }

    @Test
    void patch_answers_carry_the_headers_and_a_concurrency_429_has_no_retry_after() {
        Interview target = PatchFixtures.interview(sandbox, ACME, 10);
        String body = PatchFixtures.body(sandbox, ACME, target).toString();

        SandboxHttp.Reply applied = http.patch(ACME, target.applicationId(), body);
        sandbox.patchFaults().forApplication(target.applicationId(), 1,
                Fault.errorCode("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED"));
        SandboxHttp.Reply concurrency = http.patch(ACME, target.applicationId(), body);

        assertThat(applied.status()).isEqualTo(200);
        assertThat(header(applied, "ratelimit-remaining")).isEqualTo(LIMIT - 1);
        assertThat(concurrency.status()).isEqualTo(429);
        assertThat(header(concurrency, "ratelimit-remaining")).isEqualTo(LIMIT - 2);
        assertThat(concurrency.headers().firstValue("Concurrency-Remaining")).isPresent();
        assertThat(concurrency.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void admin_api_answers_are_not_counted() {
        http.admin("GET", "/sandbox/integrations", null);

        SandboxHttp.Reply admin = http.admin("GET", "/sandbox/faults", null);

        assertThat(admin.headers().firstValue("ratelimit-remaining")).isEmpty();
        assertThat(header(http.interviews(ACME, ""), "ratelimit-remaining")).isEqualTo(LIMIT - 1);
    }

    private static int header(SandboxHttp.Reply reply, String name) {
        return Integer.parseInt(reply.headers().firstValue(name)
                .orElseThrow(() -> new AssertionError("no " + name + " header on " + reply.status())));
    }
}
