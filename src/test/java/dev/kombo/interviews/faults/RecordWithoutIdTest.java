package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.kombo.interviews.sync.PageReader;

/**
 * A record the sinks cannot take. The sandbox never produces a record without an {@code id} and offers no
 * fault for it, so this checks the page reader (the bundle's only such check) directly, not end to end.
 */
class RecordWithoutIdTest {

    @Test
    void a_record_without_a_string_id_is_rejected_with_a_reason_and_its_neighbours_are_kept() {
        String body = "{\"status\":\"success\",\"data\":{\"next\":\"c2\",\"results\":["
                + "{\"id\":\"A1\",\"changed_at\":\"2025-01-01T00:00:00.000Z\",\"remote_deleted_at\":null},"
                + "{\"changed_at\":\"2025-01-01T00:00:00.000Z\",\"title\":\"no id\"},"
                + "{\"id\":42,\"changed_at\":\"2025-01-01T00:00:00.000Z\"},"
                + "{\"id\":\"  \",\"changed_at\":\"2025-01-01T00:00:00.000Z\"},"
                + "{\"id\":\"A2\",\"changed_at\":\"2025-01-01T00:00:00.000Z\",\"remote_deleted_at\":\"2025-01-02T00:00:00.000Z\"}"
                + "]}}";

        PageReader.Page page = new PageReader(PageReader.InvalidRecords.DELIVER, PageReader.UnknownValues.DELIVER).read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                "integration 'acme' page 7");

        assertThat(page.records()).extracting(r -> r.id()).containsExactly("A1", "A2");
        assertThat(page.rejected()).hasSize(3).allSatisfy(r -> assertThat(r.reason()).contains("id"));
        assertThat(page.rejected().get(0).json()).contains("no id");
        assertThat(page.next()).isEqualTo("c2");
    }

    @Test
    void a_record_missing_required_fields_is_dead_lettered_with_the_problems_when_validation_is_on() {
        String body = "{\"status\":\"success\",\"data\":{\"next\":null,\"results\":[{\"id\":\"B1\"}]}}";

        PageReader.Page page = new PageReader(PageReader.InvalidRecords.DEAD_LETTER, PageReader.UnknownValues.DELIVER).read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "integration 'acme' page 1");

        assertThat(page.records()).isEmpty();
        assertThat(page.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("B1").contains("breaks the contract");
            assertThat(r.json()).contains("B1");
        });
    }

    @Test
    void a_record_missing_required_fields_fails_the_page_naming_integration_and_page_in_fail_mode() {
        String body = "{\"status\":\"success\",\"data\":{\"next\":null,\"results\":[{\"id\":\"B1\"}]}}";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PageReader(PageReader.InvalidRecords.FAIL, PageReader.UnknownValues.DELIVER).read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "integration 'acme' page 4"))
                .isInstanceOf(PageReader.InvalidPageException.class)
                .hasMessageContaining("integration 'acme' page 4").hasMessageContaining("B1");
    }
}
