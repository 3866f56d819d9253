package dev.kombo.interviews.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.InterviewRecord;

/**
 * The file layout shared by the file and SFTP sinks, under a folder per integration:
 * <ul>
 * <li>{@code ndjson} (default): one file per page, {@code interviews-<run>-p00001.ndjson}; the page's deleted
 * interviews go to {@code interviews-<run>-p00001.deleted.ndjson} so a consumer can tell them apart;</li>
 * <li>{@code document}: one file per interview, {@code <id>.json}, or {@code <id>.deleted.json} once deleted.</li>
 * </ul>
 * Records are written exactly as Kombo sent them (in NDJSON, a line break between a record's tokens becomes a
 * space, so each record stays one line). Names depend only on the run and the page, so a page
 * delivered twice (a retry, a resumed run) overwrites instead of duplicating.
 */
public final class SinkFiles {

    /** One file to write: a path relative to the sink's root folder and its content (UTF-8). */
    public record OutputFile(String path, byte[] content) {

        /* Identity, not content: Camel's bean language hashes the object for every ${body.x} it evaluates. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * Forces a page's written files to disk, then each of their folders once (the renames), before the page counts as
     * delivered: one folder sync a page instead of one a file (a page of the document layout is 250 files).
     *
     * @param root the sink's folder, against which the files' paths are relative
     */
    public void forceToDisk(List<OutputFile> files, String root) throws IOException {
        Set<Path> folders = new LinkedHashSet<>();
        for (OutputFile file : files) {
            Path written = Path.of(root).resolve(file.path()).toAbsolutePath();
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.READ)) {
                channel.force(true);
            }
            folders.add(written.getParent());
        }
        for (Path folder : folders) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException notOnThisFileSystem) {
                // some file systems do not let a folder be opened to force it; the files themselves are on disk
            }
        }
    }

    public List<OutputFile> layout(InterviewPage page, String layout) {
        return layoutName(layout).equals("ndjson") ? ndjson(page) : documents(page);
    }

    /** The configured layout's name; an unknown one is refused (when a page is delivered, and by --check). */
    public static String layoutName(String layout) {
        String name = layout.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("ndjson") && !name.equals("document")) {
            throw new IllegalArgumentException("unknown file layout '" + layout + "' (ndjson|document)");
        }
        return name;
    }

    private static List<OutputFile> ndjson(InterviewPage page) {
        ByteArrayOutputStream live = new ByteArrayOutputStream(64 * 1024);
        ByteArrayOutputStream deleted = new ByteArrayOutputStream();
        for (InterviewRecord record : page.records()) {
            ByteArrayOutputStream file = record.deleted() ? deleted : live;
            file.writeBytes(record.line());
            file.write('\n');
        }
        String base = String.format("%s/interviews-%s-p%05d", page.integration(), page.runId(), page.number());
        List<OutputFile> files = new ArrayList<>(2);
        if (live.size() > 0) {
            files.add(new OutputFile(base + ".ndjson", live.toByteArray()));
        }
        if (deleted.size() > 0) {
            files.add(new OutputFile(base + ".deleted.ndjson", deleted.toByteArray()));
        }
        return files;
    }

    private static List<OutputFile> documents(InterviewPage page) {
        List<OutputFile> files = new ArrayList<>(page.records().size());
        for (InterviewRecord record : page.records()) {
            String name = safeName(record.id()) + (record.deleted() ? ".deleted.json" : ".json");
            files.add(new OutputFile(page.integration() + "/" + name, record.utf8()));
        }
        return files;
    }

    /** Kombo ids are alphanumeric; anything else is replaced so an id can never leave the folder. */
    private static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
