package dev.kombo.interviews.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordingStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sync.SyncOutcome;

/**
 * The file sink's durability, seen from the JVM's own file-force events (JFR {@code jdk.FileForce}): before a page
 * counts as delivered every file written for it is forced to disk, and the folder holding the renames once a page,
 * not once a file.
 */
class FileSinkForcesToDiskTest extends BundleTestSupport {

    private static final int RECORDS = 1_000;
    private static final int PAGE_SIZE = 250; // kombo.sync.page-size

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integration.acme.sinks", "file");
        p.setProperty("kombo.sink.file.layout", "document"); // a file per interview: many files a folder a page
        return p;
    }

    @Test
    void every_file_is_forced_and_its_folder_once_a_page() throws Exception {
        List<Path> forced = new CopyOnWriteArrayList<>();
        SyncOutcome outcome;
        try (RecordingStream jfr = new RecordingStream()) {
            jfr.enable("jdk.FileForce").withThreshold(Duration.ZERO);
            jfr.onEvent("jdk.FileForce", event -> forced.add(Path.of(event.getString("path")).toAbsolutePath()
                    .normalize()));
            jfr.startAsync();
            outcome = sync("acme");
            Path folder = work.resolve("out/acme").toAbsolutePath().normalize();
            List<Path> written;
            try (Stream<Path> files = Files.list(folder)) {
                written = files.map(Path::normalize).toList();
            }
            assertThat(outcome.ok()).as(outcome.toString()).isTrue();
            assertThat(outcome.records()).isEqualTo(sandbox().store().visibleCount("sandbox:acme-greenhouse", true));
            assertThat(written).hasSize((int) outcome.records());
            long pages = (outcome.records() + PAGE_SIZE - 1) / PAGE_SIZE;
            // the events reach the stream about once a second
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(forced).containsAll(written);
                assertThat(forced).filteredOn(folder::equals).hasSize((int) pages);
            });
        }
    }
}
