package dev.kombo.interviews.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.kombo.interviews.sync.WatermarkStore;
import org.junit.jupiter.api.io.TempDir;

class WatermarkFolderTest {

    @Test
    void keeps_watermark_and_checkpoint_per_integration_across_instances(@TempDir Path dir) throws IOException {
        WatermarkFolder store = new WatermarkFolder(dir);
        store.advance("acme", "2026-11-25T09:30:00.123Z");
        store.saveCheckpoint("globex", new WatermarkStore.Checkpoint("2026-11-25T09:31:00.000Z", null, "cur=sor", 3, 750, 40, 1));

        WatermarkFolder reopened = new WatermarkFolder(dir);

        assertThat(reopened.watermark("acme")).hasValue("2026-11-25T09:30:00.123Z");
        assertThat(reopened.watermark("globex")).isEmpty();
        assertThat(reopened.checkpoint("globex")).hasValue(
                new WatermarkStore.Checkpoint("2026-11-25T09:31:00.000Z", null, "cur=sor", 3, 750, 40, 1));
        reopened.clearCheckpoint("globex");
        assertThat(reopened.checkpoint("globex")).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("acme.watermark");
        }
    }
}
