package dev.kombo.interviews.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SyncRunTest {

    private final Integration acme = new Integration("acme", "greenhouse:acme", "key", List.of("file"), 250, true,
            "a,b", null, "j 1", null, "0 0/15 * * * ?");

    private static PageReader.Page page(String next) {
        return new PageReader.Page(List.of(new InterviewRecord("i1", "2024-01-01T00:00:00.000Z", false, "{}".getBytes())),
                List.of(), List.of(), next);
    }

    private static void deliver(SyncRun run, String next) {
        run.accept(page(next), 100);
        run.delivered(next, 0);
    }

    @Test
    void sends_the_same_filters_with_every_cursor() {
        SyncRun run = new SyncRun(acme, Instant.parse("2026-11-25T09:30:00.123Z"), "2026-11-25T09:15:00.000Z");
        String first = run.query(run.cursor());
        deliver(run, "c/2=");

        assertThat(first).isEqualTo("page_size=250&include_deleted=true&updated_after=2026-11-25T09%3A15%3A00.000Z"
                + "&ids=a%2Cb&job_ids=j+1");
        assertThat(run.query(run.cursor())).isEqualTo(first + "&cursor=c%2F2%3D");
        assertThat(run.startedAt()).isEqualTo("2026-11-25T09:30:00.123Z");
        assertThat(run.runId()).isEqualTo("20261125T093000123Z");
    }

    @Test
    void stops_on_a_cursor_seen_earlier_in_the_run_not_only_the_previous_one() {
        SyncRun run = new SyncRun(acme, Instant.now(), null);
        deliver(run, "c2");
        deliver(run, "c3");
        deliver(run, "c4");

        assertThatThrownBy(() -> run.accept(page("c2"), 100))
                .isInstanceOf(SyncRun.SyncGuardException.class)
                .hasMessageContaining("integration 'acme' page 4")
                .hasMessageContaining("cursor cycle");
    }

    @Test
    void stops_when_a_run_would_exceed_max_pages() {
        SyncRun run = new SyncRun(acme, Instant.now(), null);
        deliver(run, "c2");
        deliver(run, "c3");

        assertThatThrownBy(() -> run.accept(page("c4"), 3))
                .hasMessageContaining("more than kombo.sync.max-pages=3 pages");
        // the last allowed page may end the run
        SyncRun other = new SyncRun(acme, Instant.now(), null);
        deliver(other, "c2");
        deliver(other, "c3");
        other.accept(page(null), 3);
        other.delivered(null, 0);
        assertThat(other.hasMorePages()).isFalse();
        assertThat(other.recordsDone()).isEqualTo(3);
    }
}
