package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.kombo.interviews.sandbox.PatchFixtures.body;
import static dev.kombo.interviews.sandbox.PatchFixtures.interview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PATCH faults: per application, per count or until cleared, by rate; separate from GET faults. */
class SandboxPatchFaultTest {

    private static final String ACME = "lever:PatchFaultAcme000000000001";
    private static final KomboContract CONTRACT = KomboContract.INSTANCE;
    private static KomboSandbox sandbox;
    private static SandboxHttp http;
    private static Interview target;
    private static Interview other;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 200).build()).start();
        http = new SandboxHttp(sandbox);
        target = interview(sandbox, ACME, 0);
        other = interview(sandbox, ACME, 40);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.faults().clear();
        sandbox.patchFaults().clear();
        sandbox.patches().clear();
    }

    static List<String> errorCodes() {
        return KomboErrors.codes();
    }

    @ParameterizedTest
    @MethodSource("errorCodes")
    void any_of_the_24_codes_answers_with_its_usual_status_and_applies_nothing(String code) {
        sandbox.patchFaults().forApplication(target.applicationId(), 1, Fault.errorCode(code));

        SandboxHttp.Reply reply = patch(target);

        assertThat(reply.status()).isEqualTo(KomboErrors.status(code));
        assertThat(reply.errorCode()).isEqualTo(code);
        CONTRACT.assertValidPatchError(reply.json());
        assertThat(reply.headers().firstValue("Concurrency-Limit")).contains("30");
        assertThat(sandbox.appliedCount(ACME)).isZero();
        assertThat(patch(target).status()).as("only the next one").isEqualTo(200);
    }

    @Test
    void load_balancer_null_code_and_rate_limit_faults_answer_like_kombo() {
        sandbox.patchFaults().forApplication(target.applicationId(), 1, Fault.of(Fault.Kind.BAD_GATEWAY_HTML))
                .forApplication(target.applicationId(), 1, Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML))
                .forApplication(target.applicationId(), 1, Fault.of(Fault.Kind.NULL_CODE))
                .forApplication(target.applicationId(), 1, Fault.rateLimit(7))
                .forApplication(target.applicationId(), 1, Fault.remoteRateLimit(3));

        SandboxHttp.Reply badGateway = patch(target);
        SandboxHttp.Reply unavailable = patch(target);
        SandboxHttp.Reply nullCode = patch(target);
        SandboxHttp.Reply rateLimited = patch(target);
        SandboxHttp.Reply remoteLimited = patch(target);

        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(badGateway.contentType()).startsWith("text/html");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.body()).contains("<html>");
        assertThat(nullCode.status()).isEqualTo(500);
        assertThat(nullCode.json().at("/error/code").isNull()).isTrue();
        CONTRACT.assertValidPatchError(nullCode.json());
        assertThat(rateLimited.status()).isEqualTo(429);
        assertThat(rateLimited.errorCode()).isEqualTo("PLATFORM.RATE_LIMIT_EXCEEDED");
        assertThat(rateLimited.headers().firstValue("Retry-After")).contains("7");
        assertThat(rateLimited.headers().firstValue("ratelimit-reset")).contains("7");
        assertThat(remoteLimited.errorCode()).isEqualTo("REMOTE.RATE_LIMIT_EXCEEDED");
        assertThat(remoteLimited.headers().firstValue("Retry-After")).contains("3");
        CONTRACT.assertValidPatchError(rateLimited.json());
        assertThat(sandbox.appliedCount(ACME)).isZero();
        assertThat(sandbox.patches().all()).extracting(PatchLog.Entry::status).containsExactly(502, 503, 500, 429, 429);
    }

    @Test
    void task_timed_out_applied_answers_504_yet_the_update_is_applied_exactly_once() {
        sandbox.patchFaults().forApplication(target.applicationId(), 1, Fault.of(Fault.Kind.TASK_TIMED_OUT_APPLIED));

        SandboxHttp.Reply reply = patch(target);

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.TASK_TIMED_OUT");
        CONTRACT.assertValidPatchError(reply.json());
        assertThat(sandbox.appliedCount(ACME, target.id())).isEqualTo(1);
        assertThat(sandbox.store().findInterview(ACME, target.id()).orElseThrow().title()).isEqualTo("Final round – Zoë");
        assertThat(sandbox.patches().all().get(0).applied()).isTrue();
    }

    @Test
    void application_fault_hits_only_that_application() {
        sandbox.patchFaults().forApplication(target.applicationId(), 2, Fault.errorCode("ATS.JOB_CLOSED"));

        SandboxHttp.Reply otherReply = patch(other);
        SandboxHttp.Reply first = patch(target);
        SandboxHttp.Reply second = patch(target);
        SandboxHttp.Reply third = patch(target);

        assertThat(otherReply.status()).isEqualTo(200);
        assertThat(List.of(first.errorCode(), second.errorCode())).containsOnly("ATS.JOB_CLOSED");
        assertThat(third.status()).isEqualTo(200);
        assertThat(sandbox.appliedCount(ACME, other.id())).isEqualTo(1);
        assertThat(sandbox.appliedCount(ACME, target.id())).isEqualTo(1);
    }

    @Test
    void until_cleared_fault_answers_every_patch_for_the_application_until_cleared() {
        sandbox.patchFaults().always(target.applicationId(), Fault.of(Fault.Kind.REMOTE_UNAVAILABLE));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(patch(target).status());
        }
        assertThat(patch(other).status()).isEqualTo(200);
        sandbox.patchFaults().clearApplication(target.applicationId());

        assertThat(statuses).containsOnly(503);
        assertThat(patch(target).status()).isEqualTo(200);
    }

    @Test
    void get_faults_and_patch_faults_never_hit_each_other() {
        sandbox.faults().script(1, Fault.rateLimit(1));
        sandbox.patchFaults().script(1, Fault.errorCode("INTEGRATION.INACTIVE"));

        assertThat(patch(target).errorCode()).isEqualTo("INTEGRATION.INACTIVE");
        assertThat(patch(target).status()).isEqualTo(200);
        assertThat(http.interviews(ACME, "page_size=1").status()).isEqualTo(429);
        assertThat(http.interviews(ACME, "page_size=1").status()).isEqualTo(200);
        assertThatThrownBy(() -> sandbox.faults().script(1, Fault.of(Fault.Kind.TASK_TIMED_OUT_APPLIED)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.patchFaults().script(1, Fault.of(Fault.Kind.CURSOR_CYCLE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.faults().forApplication("a", 1, Fault.rateLimit(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rate_scoped_to_an_application_fails_about_that_share_of_its_patches_only() {
        sandbox.patchFaults().rate(target.applicationId(), Fault.of(Fault.Kind.SERVICE_UNAVAILABLE_HTML), 0.5);

        List<Integer> targetStatuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            targetStatuses.add(patch(target).status());
            assertThat(patch(other).status()).isEqualTo(200);
        }

        assertThat(targetStatuses).contains(200, 503).containsOnly(200, 503);
        assertThat(sandbox.appliedCount(ACME, target.id()))
                .isEqualTo(targetStatuses.stream().filter(s -> s == 200).count());
    }

    @Test
    void admin_api_configures_patch_faults_per_application_and_clears_them() {
        String app = target.applicationId();
        assertThat(http.admin("POST", "/sandbox/patch-faults/script",
                "{\"fault\":\"ERROR_CODE(ATS.JOB_CLOSED)\",\"application_id\":\"" + app + "\",\"count\":1}").status())
                .isEqualTo(200);
        http.admin("POST", "/sandbox/patch-faults/script",
                "{\"fault\":\"TASK_TIMED_OUT_APPLIED\",\"application_id\":\"" + app + "\",\"until_cleared\":true}");
        JsonNode config = http.admin("GET", "/sandbox/patch-faults", null).json();

        assertThat(config.at("/script/0/application_id").asText()).isEqualTo(app);
        assertThat(config.at("/script/1/until_cleared").asBoolean()).isTrue();
        assertThat(patch(target).errorCode()).isEqualTo("ATS.JOB_CLOSED");
        assertThat(patch(target).status()).isEqualTo(504);
        assertThat(patch(target).status()).isEqualTo(504);
        assertThat(sandbox.appliedCount(ACME, target.id())).isEqualTo(2);

        http.admin("POST", "/sandbox/patch-faults/clear", "{\"application_id\":\"" + app + "\"}");
        assertThat(patch(target).status()).isEqualTo(200);
        assertThat(http.admin("POST", "/sandbox/patch-faults/rate",
                "{\"fault\":\"NULL_CODE\",\"fraction\":1.0}").status()).isEqualTo(200);
        assertThat(patch(other).status()).isEqualTo(500);
        assertThat(http.admin("POST", "/sandbox/patch-faults/script", "{\"fault\":\"CURSOR_CYCLE\"}").status())
                .isEqualTo(400);
        http.admin("POST", "/sandbox/patch-faults/clear", null);
        assertThat(patch(other).status()).isEqualTo(200);
        assertThat(sandbox.faults().describe().get("script")).asList().isEmpty();
    }

    private static SandboxHttp.Reply patch(Interview interview) {
        return http.patch(ACME, interview.applicationId(), body(sandbox, ACME, interview).toString());
    }
}
