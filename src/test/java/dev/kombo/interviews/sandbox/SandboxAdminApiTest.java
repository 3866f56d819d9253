package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin HTTP API under /sandbox drives the same store, faults and log as the Java API. */
class SandboxAdminApiTest {

    private static final String ACME = "teamtailor:AdminAcme000000000001";
    private KomboSandbox sandbox;
    private SandboxHttp http;

    @BeforeEach
    void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, 120).requestLogSize(5).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void lists_integrations_with_counts_states_and_get_counters() {
        http.interviews(ACME, "");
        http.interviews(ACME, "");

        JsonNode list = http.admin("GET", "/sandbox/integrations", null).json();

        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(ACME);
        assertThat(list.get(0).get("count").asInt()).isEqualTo(120);
        assertThat(list.get(0).get("state").isNull()).isTrue();
        assertThat(list.get(0).get("get_requests").asLong()).isEqualTo(2);
        assertThat(sandbox.requests().gets(ACME)).isEqualTo(2);
    }

    @Test
    void adds_an_integration_that_serves_immediately() {
        SandboxHttp.Reply added = http.admin("POST", "/sandbox/integrations", "{\"id\":\"bamboo:New1\",\"count\":7}");

        assertThat(added.status()).isEqualTo(200);
        assertThat(http.pageAll("bamboo:New1", "include_deleted=true", 3).records()).hasSize(7);
    }

    @Test
    void sets_and_clears_an_integration_state() {
        String path = "/sandbox/integrations/" + SandboxHttp.encode(ACME) + "/state";

        http.admin("POST", path, "{\"code\":\"INTEGRATION.AUTHENTICATION_INVALID\"}");
        assertThat(http.interviews(ACME, "").errorCode()).isEqualTo("INTEGRATION.AUTHENTICATION_INVALID");

        http.admin("POST", path, "{\"code\":null}");
        assertThat(http.interviews(ACME, "").status()).isEqualTo(200);
        assertThat(http.admin("POST", path, "{\"code\":\"NOT.A_CODE\"}").status()).isEqualTo(400);
    }

    @Test
    void touch_and_delete_return_the_changed_ids() {
        String base = "/sandbox/integrations/" + SandboxHttp.encode(ACME);

        JsonNode touched = http.admin("POST", base + "/touch", "{\"count\":4}").json().get("ids");
        String one = sandbox.store().interviewId(ACME, 0);
        JsonNode touchedById = http.admin("POST", base + "/touch", "{\"ids\":[\"" + one + "\"]}").json().get("ids");
        JsonNode deleted = http.admin("POST", base + "/delete", "{\"count\":2}").json().get("ids");

        assertThat(touched).hasSize(4);
        assertThat(touchedById.get(0).asText()).isEqualTo(one);
        assertThat(deleted).hasSize(2);
        deleted.forEach(id -> assertThat(sandbox.store().findInterview(ACME, id.asText()).orElseThrow().deleted()).isTrue());
    }

    @Test
    void configures_faults() {
        http.admin("POST", "/sandbox/faults/script", "{\"fault\":\"RATE_LIMIT(4)\",\"count\":1,\"integration_id\":\"" + ACME + "\"}");
        JsonNode config = http.admin("GET", "/sandbox/faults", null).json();

        assertThat(config.at("/script/0/fault").asText()).isEqualTo("RATE_LIMIT(4)");
        SandboxHttp.Reply limited = http.interviews(ACME, "");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("4");

        http.admin("POST", "/sandbox/faults/rate", "{\"fault\":\"GATEWAY_TIMEOUT_EMPTY\",\"fraction\":1.0}");
        assertThat(http.interviews(ACME, "").status()).isEqualTo(504);
        http.admin("POST", "/sandbox/faults/clear", null);
        assertThat(http.interviews(ACME, "").status()).isEqualTo(200);
        http.admin("POST", "/sandbox/faults/latency", "{\"ms\":15}");
        assertThat(sandbox.faults().latencyMs()).isEqualTo(15);
        assertThat(http.admin("POST", "/sandbox/faults/script", "{\"fault\":\"EXPLODE\"}").status()).isEqualTo(400);
    }

    @Test
    void request_log_masks_the_api_key_and_stays_bounded() {
        for (int i = 0; i < 8; i++) {
            http.interviews(ACME, "page_size=" + (i + 1));
        }

        JsonNode log = http.admin("GET", "/sandbox/requests?limit=3", null).json();

        List<JsonNode> requests = new ArrayList<>();
        log.get("requests").forEach(requests::add);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).get("query").asText()).isEqualTo("page_size=8");
        assertThat(requests.get(0).at("/headers/Authorization").asText()).isEqualTo("Bearer ***");
        assertThat(requests.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(log.at("/gets_per_integration/" + ACME.replace("~", "~0").replace("/", "~1")).asLong())
                .isEqualTo(8);
        assertThat(sandbox.requests().recent(100)).as("ring buffer of 5").hasSize(5);

        sandbox.requests().clear();
        assertThat(sandbox.requests().recent(100)).isEmpty();
        assertThat(sandbox.requests().gets(ACME)).isZero();
    }

    @Test
    void log_url_of_an_error_resolves_to_its_request() {
        String logUrl = http.interviews("unknown:one", "").json().at("/error/log_url").asText();

        JsonNode entry = http.admin("GET", logUrl.substring(sandbox.origin().length()), null).json();

        assertThat(entry.get("status").asInt()).isEqualTo(404);
        assertThat(entry.at("/headers/X-Integration-Id").asText()).isEqualTo("unknown:one");
    }

    @Test
    void every_answer_is_in_the_request_log_by_the_time_the_client_has_it() {
        for (int i = 0; i < 300; i++) {
            SandboxHttp.Reply reply = http.interviews(i % 2 == 0 ? ACME : "unknown:" + i, "page_size=" + (i % 250 + 1));

            RequestLog.Entry newest = sandbox.requests().recent(1).get(0);
            assertThat(newest.query()).as("request %d", i).isEqualTo("page_size=" + (i % 250 + 1));
            assertThat(newest.status()).isEqualTo(reply.status());
        }
    }

    @Test
    void unknown_admin_routes_answer_404() {
        assertThat(http.admin("GET", "/sandbox/nothing", null).status()).isEqualTo(404);
        assertThat(http.admin("POST", "/sandbox/integrations/nobody/touch", "{\"count\":1}").status()).isEqualTo(404);
    }
}
