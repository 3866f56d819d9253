package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxFaultInjectionTest {

    private static final String ACME = "smartrecruiters:FaultAcme000000000001";
    private static final String GLOBEX = "smartrecruiters:FaultGlobex0000000001";
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 300).integration(GLOBEX, 300)
                .build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.faults().clear();
    }

    @Test
    void scripted_rate_limit_answers_429_with_retry_after_and_ratelimit_headers_then_recovers() {
        long injectedBefore = sandbox.faults().injected();
        sandbox.faults().script(2, Fault.rateLimit(3));

        SandboxHttp.Reply first = http.interviews(ACME, "");
        SandboxHttp.Reply second = http.interviews(GLOBEX, "");
        SandboxHttp.Reply third = http.interviews(ACME, "");

        for (SandboxHttp.Reply limited : List.of(first, second)) {
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
            assertThat(limited.headers().firstValue("Retry-After")).contains("3");
            assertThat(limited.headers().firstValue("ratelimit-remaining")).contains("0");
            assertThat(limited.headers().firstValue("ratelimit-reset")).contains("3");
            assertThat(limited.headers().firstValue("ratelimit-limit")).isPresent();
        }
        assertThat(third.status()).isEqualTo(200);
        assertThat(sandbox.faults().injected() - injectedBefore).isEqualTo(2);
    }

    @Test
    void faults_scripted_for_one_integration_leave_others_alone() {
        sandbox.faults().script(GLOBEX, 1, Fault.of(Fault.Kind.REMOTE_UNAVAILABLE));

        assertThat(http.interviews(ACME, "").status()).isEqualTo(200);
        SandboxHttp.Reply reply = http.interviews(GLOBEX, "");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.errorCode()).isEqualTo("REMOTE.SERVICE_UNAVAILABLE");
        assertThat(http.interviews(GLOBEX, "").status()).isEqualTo(200);
    }

    @Test
    void load_balancer_faults_answer_html_or_nothing() {
        sandbox.faults().script(1, Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML))
                .script(1, Fault.of(Fault.Kind.BAD_GATEWAY_HTML))
                .script(1, Fault.of(Fault.Kind.GATEWAY_TIMEOUT_EMPTY));

        SandboxHttp.Reply unavailable = http.interviews(ACME, "");
        SandboxHttp.Reply badGateway = http.interviews(ACME, "");
        SandboxHttp.Reply timeout = http.interviews(ACME, "");

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.contentType()).startsWith("text/html");
        assertThat(unavailable.body()).contains("<html>").doesNotContain("\"status\"");
        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(badGateway.contentType()).startsWith("text/html");
        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.body()).isEmpty();
    }

    @Test
    void remote_rate_limit_and_null_code_and_any_code_answer_their_kombo_errors() {
        sandbox.faults().script(1, Fault.remoteRateLimit(2)).script(1, Fault.of(Fault.Kind.NULL_CODE))
                .script(1, Fault.parse("ERROR_CODE(PLATFORM.TASK_TIMED_OUT)"));

        SandboxHttp.Reply remote = http.interviews(ACME, "");
        SandboxHttp.Reply nullCode = http.interviews(ACME, "");
        SandboxHttp.Reply timedOut = http.interviews(ACME, "");

        assertThat(remote.status()).isEqualTo(429);
        assertThat(remote.errorCode()).isEqualTo("REMOTE.RATE_LIMIT_EXCEEDED");
        assertThat(remote.headers().firstValue("Retry-After")).contains("2");
        assertThat(nullCode.status()).isEqualTo(500);
        JsonNode error = nullCode.json().get("error");
        assertThat(error.get("code").isNull() && error.get("title").isNull() && error.get("log_url").isNull()).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.errorCode()).isEqualTo("PLATFORM.TASK_TIMED_OUT");
    }

    @Test
    void broken_success_pages_are_200_with_unusable_bodies() {
        sandbox.faults().script(1, Fault.of(Fault.Kind.NOT_JSON_PAGE)).script(1, Fault.of(Fault.Kind.MISSING_RESULTS));

        SandboxHttp.Reply notJson = http.interviews(ACME, "");
        SandboxHttp.Reply missing = http.interviews(ACME, "");

        assertThat(notJson.status()).isEqualTo(200);
        assertThatThrownBy(notJson::json).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.json().at("/data/next").isNull()).isTrue();
        assertThat(missing.json().at("/data/results").isMissingNode()).isTrue();
    }

    @Test
    void cursor_cycle_points_next_back_at_a_cursor_already_used() {
        JsonNode first = http.interviews(ACME, "page_size=50").json();
        String cursor = first.at("/data/next").asText();
        sandbox.faults().script(1, Fault.of(Fault.Kind.CURSOR_CYCLE));

        JsonNode second = http.interviews(ACME, "page_size=50&cursor=" + cursor).json();

        assertThat(second.at("/data/results").size()).isEqualTo(50);
        assertThat(second.at("/data/next").asText()).isEqualTo(cursor);
        KomboContract.INSTANCE.assertValidPage(second);
    }

    @Test
    void slow_fault_answers_normally_after_the_delay() {
        sandbox.faults().script(1, Fault.slow(300));

        long started = System.nanoTime();
        SandboxHttp.Reply reply = http.interviews(ACME, "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void latency_delays_every_page() {
        sandbox.faults().latencyMs(120);

        long started = System.nanoTime();
        http.interviews(ACME, "");
        http.interviews(ACME, "");

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(240);
    }

    @Test
    void faults_apply_only_after_auth_and_integration_checks() {
        sandbox.faults().script(1, Fault.rateLimit(1));

        assertThat(http.interviews("unknown:integration", "").status()).isEqualTo(404);
        assertThat(http.interviews("", b -> b.header("X-Integration-Id", ACME)).status()).isEqualTo(401);
        assertThat(http.interviews(ACME, "").status()).isEqualTo(429);
    }

    @Test
    void fault_rates_are_reproducible_with_the_same_seed() {
        List<Optional<Fault>> firstRun = draw(new FaultInjector(99, 0));
        List<Optional<Fault>> secondRun = draw(new FaultInjector(99, 0));

        assertThat(secondRun).isEqualTo(firstRun);
        long limited = firstRun.stream().filter(Optional::isPresent).count();
        assertThat(limited).isBetween(150L, 450L);
    }

    @Test
    void fault_rates_apply_over_http() {
        sandbox.faults().rate(Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML), 0.5);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(http.interviews(ACME, "page_size=1").status());
        }

        assertThat(statuses).contains(200, 503).containsOnly(200, 503);
    }

    @Test
    void fault_text_form_round_trips() {
        for (String text : List.of("RATE_LIMIT(5)", "REMOTE_RATE_LIMIT(1)", "SERVICE_UNAVAILABLE_HTML", "SLOW(250)",
                "ERROR_CODE(INTEGRATION.INACTIVE)", "CURSOR_CYCLE", "NULL_CODE")) {
            assertThat(Fault.parse(text).toString()).isEqualTo(text);
        }
        assertThat(Fault.parse("RATE_LIMIT")).isEqualTo(Fault.rateLimit(1));
        assertThatThrownBy(() -> Fault.parse("ERROR_CODE(NOPE)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.parse("SLOW")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Optional<Fault>> draw(FaultInjector injector) {
        injector.rate(Fault.rateLimit(1), 0.2).rate(Fault.of(Fault.Kind.BAD_GATEWAY_HTML), 0.1);
        List<Optional<Fault>> drawn = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            drawn.add(injector.next(ACME));
        }
        return drawn;
    }
}
