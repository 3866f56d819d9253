package dev.kombo.interviews.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;

import dev.kombo.interviews.sync.InterviewRecord;
import dev.kombo.interviews.sync.PageReader;

/**
 * The bundle's acceptance of records, without Camel: what {@link PageReader} (as configured by default,
 * {@code kombo.sync.invalid-records=dead-letter}) makes of pages generated from the contract. Cheap, so it runs
 * many tries; it also holds any faster reader that replaces the current one to the same rules.
 */
@AddLifecycleHook(value = OneTryAtATime.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class PageReaderContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InterviewArbitraries CONTRACT = InterviewArbitraries.fromContract(true);
    private static final Set<String> ALLOWED = CONTRACT.allowedFeatures();

    private final PageReader reader = new PageReader(PageReader.InvalidRecords.DEAD_LETTER, PageReader.UnknownValues.DELIVER);

    @Provide
    Arbitrary<ScriptedPage> pages() {
        return InterviewArbitraries.pages(CONTRACT.interviews(), 1, 8).map(pages -> pages.get(0));
    }

    @Provide
    Arbitrary<ScriptedPage> pagesWithUnhandleableResults() {
        return InterviewArbitraries.pages(Arbitraries.frequencyOf(Tuple.of(2, CONTRACT.interviews()),
                Tuple.of(1, CONTRACT.unhandleable())), 1, 8).map(pages -> pages.get(0))
                .filter(page -> page.results().stream().anyMatch(e -> !e.deliverable()));
    }

    @Property(tries = 1000)
    void every_interview_the_contract_allows_is_read_exactly_as_sent_and_none_is_rejected(
            @ForAll("pages") ScriptedPage page) {
        ScriptedPage.Served served = page.serve();
        page.results().forEach(e -> CONTRACT.features(e.json()).forEach(f -> Statistics.label("schema").collect(f)));
        // every case the schema allows turns up in some record (null outcome, unknown enum values and fields, ...)
        Statistics.label("schema").coverage(coverage -> ALLOWED.forEach(f -> coverage.check(f).count(n -> n > 0)));

        PageReader.Page read = reader.read(new ByteArrayInputStream(served.body()), "integration 'contract' page 1");

        assertThat(read.rejected()).as("rejected").isEmpty();
        assertThat(read.next()).isEqualTo(page.next());
        assertThat(read.records()).hasSameSizeAs(page.results());
        for (int i = 0; i < page.results().size(); i++) {
            InterviewRecord record = read.records().get(i);
            ScriptedPage.Entry sent = page.results().get(i);
            assertThat(record.json()).isEqualTo(served.results().get(i));
            assertThat(record.id()).isEqualTo(sent.id());
            assertThat(record.deleted()).isEqualTo(sent.deleted());
            assertThat(record.changedAt()).isEqualTo(sent.json().get("changed_at").asText());
        }
    }

    @Property(tries = 500)
    void only_results_the_sinks_cannot_handle_are_rejected_with_a_reason_and_the_others_are_read(
            @ForAll("pagesWithUnhandleableResults") ScriptedPage page) throws Exception {
        ScriptedPage.Served served = page.serve();
        page.results().forEach(e -> Statistics.label("unhandleable").collect(
                e.deliverable() ? "interview" : e.problem().replaceFirst(" at .*", "")));

        PageReader.Page read = reader.read(new ByteArrayInputStream(served.body()), "integration 'contract' page 1");

        List<String> delivered = read.records().stream().map(InterviewRecord::json).toList();
        List<String> expected = new ArrayList<>();
        List<ScriptedPage.Entry> kept = new ArrayList<>();
        for (int i = 0; i < page.results().size(); i++) {
            if (page.results().get(i).deliverable()) {
                expected.add(served.results().get(i));
            } else {
                kept.add(page.results().get(i));
            }
        }
        assertThat(delivered).as("the interviews of the page, in order").isEqualTo(expected);
        assertThat(read.rejected()).hasSameSizeAs(kept);
        for (int i = 0; i < kept.size(); i++) {
            PageReader.Rejected rejected = read.rejected().get(i);
            ScriptedPage.Entry sent = kept.get(i);
            assertThat(JSON.readTree(rejected.json())).as("the result kept whole").isEqualTo(sent.reparsed());
            assertThat(rejected.reason()).as("why %s", sent.problem()).isNotBlank();
            if (sent.field() != null) {
                assertThat(rejected.reason()).as("the reason names the field").contains(sent.field());
            }
        }
    }
}
