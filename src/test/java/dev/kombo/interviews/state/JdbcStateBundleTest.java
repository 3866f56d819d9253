package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sandbox.Interview;
import dev.kombo.interviews.sandbox.SampleUpdates;
import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.PageReader;
import dev.kombo.interviews.sync.SyncOutcome;

/**
 * The bundle as deployed with kombo.state.store=jdbc on a real PostgreSQL: the sync's watermark in the database
 * (and nothing in the state folder), records another replica kept replayed from the database, and a repeated
 * Idempotency-Key answered from the database (kombo.update.idempotency-store=shared).
 */
class JdbcStateBundleTest extends BundleTestSupport {

    private static final String ACME = "sandbox:acme-greenhouse";
    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"[A-Z]+\"");
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"[^\"]+\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private String url;

    @Override
    protected Properties overrides() {
        url = TestPostgres.newDatabase();
        Properties p = new Properties();
        p.setProperty("kombo.state.store", "jdbc");
        p.setProperty("kombo.state.jdbc.url", url);
        p.setProperty("kombo.state.jdbc.username", TestPostgres.USER);
        p.setProperty("kombo.update.idempotency-store", "shared");
        p.setProperty("kombo.sandbox.records-per-integration", "600");
        return p;
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, null);
                ResultSet row = c.createStatement().executeQuery(sql)) {
            while (row.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    values.add(row.getString(i));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port") + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_sync_keeps_its_watermark_in_the_database_and_nothing_in_the_state_folder() throws Exception {
        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(outcome.records()).isEqualTo(sandbox().store().visibleCount(ACME, true));
        assertThat(rows("SELECT integration, watermark, next_cursor FROM kombo_sync_state"))
                .containsExactly(java.util.Arrays.asList("acme", outcome.watermark(), null));
        assertThat(work.resolve("state")).as("the file store's folder").doesNotExist();

        SyncOutcome next = sync("acme");
        assertThat(next.status()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(next.records()).as("incremental from the stored watermark").isZero();
    }

    @Test
    void records_kept_by_another_replica_are_replayed_from_the_database() throws Exception {
        assertThat(sync("acme").ok()).isTrue();
        String served = ndjsonRecords(fileSink("acme"), false).stream().map(JsonNode::toString)
                .filter(line -> OUTCOME.matcher(line).find()).findFirst().orElseThrow();
        String passes = ID.matcher(OUTCOME.matcher(served).replaceFirst("\"outcome\":null"))
                .replaceFirst("{\"id\":\"REPLAY1\"");
        String broken = ID.matcher(served.replaceAll("\"canceled\":(false|true|null)", "\"canceled\":\"yes\""))
                .replaceFirst("{\"id\":\"REPLAY2\"");
        try (StateStore otherReplica = StateStores.create(TestPostgres.settings(url, work, 60_000, 60_000))) {
            otherReplica.keptRecords().keep(new InterviewPage("acme", ACME, "20261101T000000000Z", 3, List.of()),
                    List.of(new PageReader.Rejected("kept by an older bundle", passes.getBytes(StandardCharsets.UTF_8)),
                            new PageReader.Rejected("kept by an older bundle", broken.getBytes(StandardCharsets.UTF_8))));
        }

        HttpResponse<String> response = post("/dead-letters/acme/replay");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode replay = JSON.readTree(response.body());
        assertThat(replay.get("replayed").asInt()).isEqualTo(1);
        assertThat(replay.get("still_kept").asInt()).isEqualTo(1);
        Path replayed = fileNames(fileSink("acme")).stream().filter(name -> name.contains("-replay-"))
                .map(fileSink("acme")::resolve).findFirst().orElseThrow();
        assertThat(Files.readString(replayed)).as("the kept bytes, unchanged").isEqualTo(passes + "\n");
        assertThat(rows("SELECT run, page, reason, convert_from(record, 'UTF8') FROM kombo_kept_record"))
                .singleElement().satisfies(row -> {
                    assertThat(row.subList(0, 2)).containsExactly("20261101T000000000Z", "3");
                    assertThat(row.get(2)).startsWith("interview REPLAY2 breaks the contract: canceled:");
                    assertThat(row.get(3)).isEqualTo(broken);
                });
    }

    @Test
    void a_repeated_idempotency_key_is_answered_from_the_database_without_a_second_patch() throws Exception {
        Interview interview = SampleUpdates.updatable(sandbox().store(), ACME, 11);
        ObjectNode body = SampleUpdates.patchBody(sandbox().store(), ACME, interview, "Once",
                "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z", "https://meet.example.com/11");

        HttpResponse<String> first = patch(interview.applicationId(), body, "key-11");
        HttpResponse<String> again = patch(interview.applicationId(), body, "key-11");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(sandbox().patches().appliedCount(ACME, interview.id())).isEqualTo(1);
        assertThat(rows("SELECT key, result FROM kombo_idempotency_key"))
                .containsExactly(List.of(ACME + "\nkey-11", "APPLIED"));
    }

    private HttpResponse<String> patch(String applicationId, ObjectNode body, String idempotencyKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port")
                + "/ats/applications/" + applicationId + "/interviews"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("X-Integration-Id", ACME)
                .header("Idempotency-Key", idempotencyKey).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
