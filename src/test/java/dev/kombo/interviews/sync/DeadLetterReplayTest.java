package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kombo.interviews.BundleTestSupport;

/**
 * Kept records come back: a replay checks them again with today's rules, delivers what passes to every sink
 * byte for byte and takes it out of the dead-letter folder; what is still refused stays with its new reason.
 */
class DeadLetterReplayTest extends BundleTestSupport {

    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"[A-Z]+\"");
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"[^\"]+\"");
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", "300");
        return p;
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + property("camel.server.port") + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double waitingGauge() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + property("kombo.management.port") + "/observe/metrics")).timeout(java.time.Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher sample = Pattern.compile("(?m)^kombo_dead_letters_waiting\\{integration=\"acme\",?} (\\S+)$").matcher(metrics);
        assertThat(sample.find()).as(metrics).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    /** A record as the sandbox serves it, with another id: kept by an older bundle for a null outcome. */
    private static String keptLine(String reason, String record) {
        return "{\"reason\":" + JSON.valueToTree(reason) + ",\"integration\":\"acme\",\"run\":\"20261101T000000000Z\","
                + "\"page\":3,\"record\":" + record + "}\n";
    }

    @Test
    void a_replay_delivers_what_passes_today_and_keeps_the_rest_with_its_new_reason() throws Exception {
        assertThat(sync("acme").ok()).isTrue();
        String served = ndjsonLines(fileSink("acme")).stream().filter(line -> OUTCOME.matcher(line).find())
                .findFirst().orElseThrow();
        String nullOutcome = ID.matcher(OUTCOME.matcher(served).replaceFirst("\"outcome\":null"))
                .replaceFirst("{\"id\":\"REPLAY1\"");
        String broken = ID.matcher(served.replace("\"canceled\":false", "\"canceled\":\"yes\"")
                .replace("\"canceled\":true", "\"canceled\":\"yes\"").replace("\"canceled\":null", "\"canceled\":\"yes\""))
                .replaceFirst("{\"id\":\"REPLAY2\"");
        Path kept = work.resolve("dead-letter/acme/rejected-20261101T000000000Z-p00003.ndjson");
        Files.createDirectories(kept.getParent());
        Files.writeString(kept, keptLine("interview REPLAY1 breaks the contract: application.outcome: does not have a "
                + "value in the enumeration", nullOutcome) + keptLine("interview REPLAY2 breaks the contract", broken));
        assertThat(waitingGauge()).isEqualTo(2.0);
        drainQueue(property("kombo.sink.jms.queue"));

        HttpResponse<String> response = post("/dead-letters/acme/replay");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.get("replayed").asInt()).isEqualTo(1);
        assertThat(outcome.get("still_kept").asInt()).isEqualTo(1);
        List<String> replayedFiles = fileNames(fileSink("acme")).stream().filter(name -> name.contains("-replay-"))
                .toList();
        assertThat(replayedFiles).singleElement().asString().endsWith("-replay-p00001.ndjson");
        byte[] delivered = Files.readAllBytes(fileSink("acme").resolve(replayedFiles.get(0)));
        assertThat(delivered).as("the kept bytes, unchanged").isEqualTo((nullOutcome + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(sftpSink("acme").resolve(replayedFiles.get(0)))).isEqualTo(delivered);
        assertThat(drainQueue(property("kombo.sink.jms.queue"))).singleElement()
                .satisfies(m -> assertThat(((jakarta.jms.TextMessage) m).getText()).isEqualTo(nullOutcome));
        assertThat(Files.readAllLines(kept)).singleElement().satisfies(line -> {
            JsonNode left = JSON.readTree(line);
            assertThat(left.at("/record/id").asText()).isEqualTo("REPLAY2");
            assertThat(left.get("reason").asText())
                    .isEqualTo("interview REPLAY2 breaks the contract: canceled: expected boolean or null, found string");
        });
        assertThat(waitingGauge()).isEqualTo(1.0);
        assertThat(JSON.readTree(post("/sync/acme").body()).get("dead_letters_waiting").asLong()).isEqualTo(1);
    }

    @Test
    void no_replay_while_a_sync_of_the_integration_runs() throws Exception {
        SyncRuns runs = context.getRegistry().lookupByNameAndType("syncRuns", SyncRuns.class);
        assertThat(runs.hold("globex")).isTrue();
        try {
            HttpResponse<String> response = post("/dead-letters/globex/replay");

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("BUSY");
        } finally {
            runs.release("globex");
        }
        assertThat(post("/dead-letters/globex/replay").statusCode()).isEqualTo(200);
        assertThat(post("/dead-letters/nobody/replay").statusCode()).isEqualTo(404);
    }

    private static List<String> ndjsonLines(Path folder) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (String name : fileNames(folder)) {
            if (name.endsWith(".ndjson") && !name.endsWith(".deleted.ndjson")) {
                lines.addAll(Files.readAllLines(folder.resolve(name)));
            }
        }
        return lines;
    }
}
