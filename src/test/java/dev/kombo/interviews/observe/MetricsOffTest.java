package dev.kombo.interviews.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sync.SyncOutcome.Status;

/** {@code kombo.metrics.enabled=false}: no metrics endpoint, and the meters the routes record go nowhere. */
class MetricsOffTest extends BundleTestSupport {

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.metrics.enabled", "false");
        p.setProperty("kombo.sandbox.records-per-integration", "300");
        return p;
    }

    @Test
    void the_bundle_syncs_without_a_metrics_endpoint() throws Exception {
        assertThat(sync("globex").status()).isEqualTo(Status.COMPLETED);

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + property("kombo.management.port") + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(context.getRegistry().lookupByName("metricsRegistry")).isNull();
    }
}
