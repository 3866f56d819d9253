package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

import dev.kombo.interviews.sync.WatermarkStore;

/**
 * Per-integration sync state in a folder: the watermark ({@code <name>.watermark}, the start time of the
 * last complete, delivered run) and the checkpoint of a run in progress ({@code <name>.checkpoint}, the
 * cursor after the last delivered page) so that a restarted process resumes instead of starting over.
 * Every write goes to a temporary file that is forced to disk and then renamed over the old one: a crash
 * leaves either the old or the new state, never a torn file.
 */
public final class WatermarkFolder implements WatermarkStore {

    private final Path folder;

    public WatermarkFolder(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public Optional<String> watermark(String integration) {
        return read(file(integration, "watermark")).map(String::trim).filter(v -> !v.isEmpty());
    }

    @Override
    public void advance(String integration, String watermark) {
        write(file(integration, "watermark"), watermark + "\n");
    }

    @Override
    public Optional<Checkpoint> checkpoint(String integration) {
        return read(file(integration, "checkpoint")).map(text -> {
            Properties p = new Properties();
            try {
                p.load(new java.io.StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String updatedAfter = p.getProperty("updated_after", "");
            return new Checkpoint(p.getProperty("run_started_at"), updatedAfter.isEmpty() ? null : updatedAfter,
                    p.getProperty("next_cursor"), Integer.parseInt(p.getProperty("pages_done", "0")),
                    Long.parseLong(p.getProperty("records_done", "0")), Long.parseLong(p.getProperty("deleted_done", "0")),
                    Long.parseLong(p.getProperty("rejected_done", "0")));
        });
    }

    @Override
    public void saveCheckpoint(String integration, Checkpoint checkpoint) {
        Properties p = new Properties();
        p.setProperty("run_started_at", checkpoint.runStartedAt());
        p.setProperty("updated_after", checkpoint.updatedAfter() == null ? "" : checkpoint.updatedAfter());
        p.setProperty("next_cursor", checkpoint.nextCursor());
        p.setProperty("pages_done", String.valueOf(checkpoint.pagesDone()));
        p.setProperty("records_done", String.valueOf(checkpoint.recordsDone()));
        p.setProperty("deleted_done", String.valueOf(checkpoint.deletedDone()));
        p.setProperty("rejected_done", String.valueOf(checkpoint.rejectedDone()));
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            p.store(text, "run in progress for " + integration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file(integration, "checkpoint"), text.toString());
    }

    @Override
    public void clearCheckpoint(String integration) {
        try {
            Files.deleteIfExists(file(integration, "checkpoint"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint of " + integration, e);
        }
    }

    private Path file(String integration, String kind) {
        return folder.resolve(integration + "." + kind);
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sync state " + file, e);
        }
    }

    private void write(Path file, String content) {
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve("." + file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(content));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sync state " + file, e);
        }
    }
}
