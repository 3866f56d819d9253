package dev.kombo.interviews.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxAuthAndStateTest {

    private static final String ACME = "personio:AuthAcme00000000000001";
    private static final String GLOBEX = "personio:AuthGlobex0000000000001";
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().apiKey("k-123").integration(ACME, 50)
                .integration(GLOBEX, 50).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void healthy() {
        sandbox.store().setState(ACME, null);
        sandbox.store().setState(GLOBEX, null);
    }

    @Test
    void missing_api_key_answers_401_authentication_invalid_without_log_url() {
        SandboxHttp.Reply reply = http.interviews("", b -> b.header("X-Integration-Id", ACME));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.AUTHENTICATION_INVALID");
        assertThat(reply.json().at("/error/log_url").isNull()).isTrue();
    }

    @Test
    void wrong_api_key_or_scheme_answers_401() {
        assertThat(http.interviews("", b -> b.header("Authorization", "Bearer k-124")
                .header("X-Integration-Id", ACME)).status()).isEqualTo(401);
        assertThat(http.interviews("", b -> b.header("Authorization", "Basic k-123")
                .header("X-Integration-Id", ACME)).status()).isEqualTo(401);
        assertThat(http.interviews("", b -> b.header("Authorization", "bearer k-123")
                .header("X-Integration-Id", ACME)).status()).as("scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void missing_integration_header_answers_400_input_invalid() {
        SandboxHttp.Reply reply = http.interviews("", b -> b.header("Authorization", "Bearer k-123"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
        assertThat(reply.json().at("/error/message").asText()).contains("X-Integration-Id");
    }

    @Test
    void unknown_integration_answers_404_with_a_log_url() {
        SandboxHttp.Reply reply = http.interviews("workday:nope", "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.INTEGRATION_NOT_FOUND");
        assertThat(reply.json().at("/error/log_url").asText()).startsWith(sandbox.origin() + "/sandbox/logs/");
    }

    @ParameterizedTest
    @CsvSource({"INTEGRATION.AUTHENTICATION_INVALID,403", "INTEGRATION.SETUP_SYNC_PENDING,409",
            "INTEGRATION.MODEL_NOT_AVAILABLE,403", "INTEGRATION.INACTIVE,403", "INTEGRATION.QA_FAILED,409",
            "REMOTE.SERVICE_UNAVAILABLE,503", "PLATFORM.RATE_LIMIT_EXCEEDED,429"})
    void integration_in_an_error_state_answers_that_error_and_others_are_unaffected(String code, int status) {
        sandbox.store().setState(ACME, code);

        SandboxHttp.Reply reply = http.interviews(ACME, "");
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().at("/error/title").asText()).isEqualTo(KomboErrors.title(code));
        assertThat(http.interviews(GLOBEX, "").status()).isEqualTo(200);

        sandbox.store().setState(ACME, null);
        assertThat(http.interviews(ACME, "").status()).isEqualTo(200);
    }

    @Test
    void auth_is_checked_before_the_integration_state() {
        sandbox.store().setState(ACME, "INTEGRATION.INACTIVE");

        assertThat(http.interviews("", b -> b.header("X-Integration-Id", ACME)).status()).isEqualTo(401);
    }

    @Test
    void unknown_state_code_is_refused() {
        assertThatThrownBy(() -> sandbox.store().setState(ACME, "INTEGRATION.ON_FIRE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_code_maps_to_a_client_or_server_error_status() {
        assertThat(KomboErrors.codes()).hasSize(24).allSatisfy(code ->
                assertThat(KomboErrors.status(code)).isBetween(400, 599));
        assertThat(KomboErrors.status("INTEGRATION.SETUP_INCOMPLETE")).isEqualTo(409);
        assertThat(KomboErrors.status("PLATFORM.TASK_TIMED_OUT")).isEqualTo(504);
        assertThat(KomboErrors.status("REMOTE.UNKNOWN_HTTP_ERROR")).isEqualTo(502);
    }

    @Test
    void other_methods_and_paths_answer_kombo_shaped_errors() {
        SandboxHttp.Reply post = http.raw("POST", "/v1/ats/interviews");
        SandboxHttp.Reply unknown = http.raw("GET", "/v1/ats/candidates");

        assertThat(post.status()).isEqualTo(405);
        assertThat(unknown.status()).isEqualTo(404);
        KomboContract.INSTANCE.assertValidError(post.json());
        KomboContract.INSTANCE.assertValidError(unknown.json());
    }
}
