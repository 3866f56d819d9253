package dev.kombo.interviews.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps records the sinks cannot take (e.g. no id) instead of dropping them: one NDJSON file per page under
 * {@code <folder>/<integration>/}, each line {@code {"reason", "integration", "page", "record"}}.
 */
public final class DeadLetterFolder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path folder;

    public DeadLetterFolder(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    void keep(InterviewPage page, List<PageReader.Rejected> rejected) {
        StringBuilder lines = new StringBuilder();
        for (PageReader.Rejected r : rejected) {
            ObjectNode line = JSON.createObjectNode();
            line.put("reason", r.reason());
            line.put("integration", page.integration());
            line.put("run", page.runId());
            line.put("page", page.number());
            try {
                line.set("record", JSON.readTree(r.json()));
            } catch (IOException e) {
                line.put("record", r.json());
            }
            lines.append(line).append('\n');
        }
        Path dir = folder.resolve(page.integration());
        Path file = dir.resolve(String.format("rejected-%s-p%05d.ndjson", page.runId(), page.number()));
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.writeString(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep rejected records in " + file, e);
        }
    }
}
