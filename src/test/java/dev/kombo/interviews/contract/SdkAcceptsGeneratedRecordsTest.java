package dev.kombo.interviews.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;

import dev.kombo.interviews.OfficialSdk;

/**
 * The generator against Kombo's official SDK (1.1.3, its zod schema for {@code GET /ats/interviews}): every page it
 * makes, without enum values the contract does not list (the SDK refuses those), is one the SDK accepts. So the
 * contract properties hold the bundle to the SDK's notion of valid, nothing stricter or looser. Skipped without
 * node and npm.
 */
@AddLifecycleHook(value = OneTryAtATime.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class SdkAcceptsGeneratedRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InterviewArbitraries CONTRACT = InterviewArbitraries.fromContract(false);
    private static final AtomicInteger RUN = new AtomicInteger();

    @BeforeContainer
    static void installSdk() throws Exception {
        OfficialSdk.install();
    }

    @Provide
    Arbitrary<List<ScriptedPage>> runs() {
        return InterviewArbitraries.pages(CONTRACT.interviews(), 8, 40);
    }

    // volume rather than corner cases here: jqwik's edge cases (empty pages, one record) would fill most of 4 tries
    @Property(tries = 4, edgeCases = EdgeCasesMode.NONE)
    void kombos_sdk_accepts_every_page_generated_without_unknown_enum_values(@ForAll("runs") List<ScriptedPage> pages)
            throws Exception {
        int records = pages.stream().mapToInt(p -> p.results().size()).sum();
        Statistics.label("records per run").collect(records);

        JsonNode report = check(pages);

        assertThat(report.get("refused")).as("refused by the SDK").isEmpty();
        assertThat(report.get("records").asInt()).isEqualTo(records);
        assertThat(report.get("pages").asInt()).isEqualTo(pages.size());
    }

    @Example
    void the_check_reports_what_the_sdk_refuses_an_unknown_outcome_a_wrong_type_and_a_date_without_time()
            throws Exception {
        ObjectNode interview = (ObjectNode) CONTRACT.records().filter(r -> r.get("application").isObject())
                .sample();
        ObjectNode withdrawn = interview.deepCopy().put("id", "withdrawn");
        ((ObjectNode) withdrawn.get("application")).put("outcome", "WITHDRAWN");
        ObjectNode canceled = interview.deepCopy().put("id", "canceled-yes").put("canceled", "yes");
        ObjectNode dateOnly = interview.deepCopy().put("id", "date-only").put("changed_at", "2026-12-01");
        List<ScriptedPage.Entry> results = Stream.of(interview, withdrawn, canceled, dateOnly)
                .map(ScriptedPage.Entry::interview).toList();

        JsonNode report = check(List.of(new ScriptedPage(results, null, List.of(), List.of(), 1L)));

        assertThat(report.get("refused")).extracting(r -> r.get("id").asText())
                .containsExactly("withdrawn", "canceled-yes", "date-only");
        assertThat(report.get("refused").get(0).get("issues").toString()).contains("application.outcome");
        assertThat(report.get("refused").get(1).get("issues").toString()).contains("canceled");
        assertThat(report.get("refused").get(2).get("issues").toString()).contains("changed_at");
    }

    /** Writes the pages as served (one file per answer) and runs the SDK's schema over them. */
    private static JsonNode check(List<ScriptedPage> pages) throws Exception {
        Path folder = OfficialSdk.WORK.resolve("generated").resolve("run-" + RUN.incrementAndGet());
        deleteTree(folder);
        Files.createDirectories(folder);
        for (int p = 0; p < pages.size(); p++) {
            Files.write(folder.resolve(String.format("p%05d.json", p + 1)), pages.get(p).serve().body());
        }
        OfficialSdk.Result result = OfficialSdk.run(List.of("node", "check-interviews.mjs",
                folder.toAbsolutePath().toString()), Map.of(), 120);
        assertThat(result.exitCode()).as("SDK check: %s", result.output()).isZero();
        return JSON.readTree(result.lastLine());
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
