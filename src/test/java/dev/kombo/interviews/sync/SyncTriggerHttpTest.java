package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Fault;

/** {@code POST /sync/<integration>} answers JSON for every way a run can end, with a status that fits. */
class SyncTriggerHttpTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "300");
        p.setProperty("kombo.integration.acme.sinks", "file");
        return p;
    }

    private HttpResponse<String> trigger(String integration) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port")
                + "/sync/" + integration)).POST(HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void a_completed_run_is_200_with_its_counts() throws Exception {
        HttpResponse<String> response = trigger("acme");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = json(response);
        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.get("records").asLong()).isEqualTo(sandbox().store().visibleCount(ACME, true));
        assertThat(outcome.get("dead_letters_waiting").asLong()).isZero();
    }

    @Test
    void a_suspended_integration_is_503_with_kombos_code() throws Exception {
        sandbox().faults().script(ACME, 1, Fault.errorCode("INTEGRATION.AUTHENTICATION_INVALID"));

        HttpResponse<String> response = trigger("acme");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode outcome = json(response);
        assertThat(outcome.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(outcome.get("kombo_code").asText()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");
    }

    @Test
    void a_deferred_run_is_409() throws Exception {
        sandbox().faults().script(ACME, 1, Fault.errorCode("INTEGRATION.SETUP_SYNC_PENDING"));

        HttpResponse<String> response = trigger("acme");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("status").asText()).isEqualTo("DEFERRED");
    }

    @Test
    void a_failed_run_is_502_with_the_reason() throws Exception {
        sandbox().faults().script(ACME, 1, Fault.of(Fault.Kind.NOT_JSON_PAGE));

        HttpResponse<String> response = trigger("acme");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode outcome = json(response);
        assertThat(outcome.get("status").asText()).isEqualTo("FAILED");
        assertThat(outcome.get("reason").asText()).contains("not JSON");
    }

    @Test
    void an_unknown_integration_is_404() throws Exception {
        assertThat(trigger("nobody").statusCode()).isEqualTo(404);
    }
}
