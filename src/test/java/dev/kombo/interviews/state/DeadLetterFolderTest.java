package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.PageReader;

/** Kept records stay byte for byte what Kombo sent, one line each, until a replay settles them. */
class DeadLetterFolderTest {

    @TempDir
    Path folder;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void kept_records_come_back_as_sent_and_pretty_printed_ones_stay_one_line() throws Exception {
        DeadLetterFolder kept = new DeadLetterFolder(folder);
        byte[] compact = utf8("{\"id\":\"a\",\"title\":\"Zoë \\\"quoted\\\" 🌈\",\"n\":1.50}");
        byte[] pretty = utf8("{\n  \"id\" : \"b\",\r\n  \"title\" : null\n}");
        InterviewPage page = new InterviewPage("acme", "x:acme", "20261201T100000000Z", 3, List.of());

        kept.keep(page, List.of(new PageReader.Rejected("no id, for the test", compact),
                new PageReader.Rejected("another reason", pretty)));

        List<KeptRecords.Batch> batches = kept.batches("acme");
        assertThat(batches).singleElement().satisfies(batch -> {
            assertThat(java.nio.file.Path.of(batch.id()).getFileName().toString()).isEqualTo("rejected-20261201T100000000Z-p00003.ndjson");
            assertThat(batch.records()).extracting(KeptRecords.Kept::reason)
                    .containsExactly("no id, for the test", "another reason");
            assertThat(batch.records().get(0).record()).isEqualTo(compact);
            assertThat(new String(batch.records().get(1).record(), StandardCharsets.UTF_8))
                    .isEqualTo("{   \"id\" : \"b\",    \"title\" : null }");
            assertThat(batch.records().get(1).page()).isEqualTo(3);
        });
        List<String> lines = Files.readAllLines(java.nio.file.Path.of(batches.get(0).id()));
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(new ObjectMapper().readTree(line).get("record"))
                .isNotNull());
        assertThat(kept.waiting("acme")).isEqualTo(2);
        assertThat(kept.waiting("globex")).isZero();
    }

    @Test
    void settling_a_batch_keeps_only_what_is_still_refused_and_removes_an_empty_file() {
        DeadLetterFolder kept = new DeadLetterFolder(folder);
        InterviewPage page = new InterviewPage("acme", "x:acme", "20261201T100000000Z", 1, List.of());
        kept.keep(page, List.of(new PageReader.Rejected("r1", utf8("{\"id\":\"a\"}")),
                new PageReader.Rejected("r2", utf8("{\"id\":\"b\"}"))));
        KeptRecords.Batch batch = kept.batches("acme").get(0);

        KeptRecords.Kept b = batch.records().get(1);
        kept.settle(batch, "acme", List.of(new KeptRecords.Kept("still refused: r3", b.run(), b.page(),
                b.keptAt(), b.record())));

        assertThat(kept.batches("acme")).singleElement().satisfies(left -> assertThat(left.records())
                .singleElement().satisfies(record -> {
                    assertThat(record.reason()).isEqualTo("still refused: r3");
                    assertThat(record.record()).isEqualTo(utf8("{\"id\":\"b\"}"));
                }));
        kept.settle(kept.batches("acme").get(0), "acme", List.of());
        assertThat(kept.batches("acme")).isEmpty();
        assertThat(kept.waiting("acme")).isZero();
    }
}
