package dev.kombo.interviews.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.InterviewRecord;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.PageReader;

/**
 * Keeps records the sinks could not take instead of dropping them: one NDJSON file per page under
 * {@code <folder>/<integration>/rejected-<run>-p<page>.ndjson}, each line
 * {@code {"reason", "integration", "run", "page", "kept_at", "record"}} with the record as Kombo sent it. The
 * watermark may pass a kept record only because it is here and can be brought back (DeadLetterReplay):
 * a replayed record leaves its file once every sink has it.
 */
public final class DeadLetterFolder implements KeptRecords {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String PREFIX = "rejected-";
    private final Path folder;

    public DeadLetterFolder(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void keep(InterviewPage page, List<PageReader.Rejected> rejected) {
        String now = Instant.now().toString();
        List<Kept> kept = rejected.stream()
                .map(r -> new Kept(r.reason(), page.runId(), page.number(), now, r.raw())).toList();
        write(folder.resolve(page.integration())
                .resolve(String.format("%s%s-p%05d.ndjson", PREFIX, page.runId(), page.number())), page.integration(), kept);
    }

    @Override
    public long waiting(String integration) {
        long lines = 0;
        for (Path file : files(integration)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                for (byte b : bytes) {
                    if (b == '\n') {
                        lines++;
                    }
                }
            } catch (NoSuchFileException replayedMeanwhile) {
                // gone since it was listed
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return lines;
    }

    @Override
    public List<Batch> batches(String integration) {
        List<Batch> batches = new ArrayList<>();
        for (Path file : files(integration)) {
            try {
                batches.add(new Batch(file.toString(), read(Files.readAllBytes(file))));
            } catch (NoSuchFileException replayedMeanwhile) {
                // gone since it was listed
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read kept records in " + file, e);
            }
        }
        return batches;
    }

    @Override
    public void settle(Batch batch, String integration, List<Kept> remaining) {
        Path file = Path.of(batch.id());
        if (remaining.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove replayed records " + file, e);
            }
        } else {
            write(file, integration, remaining);
        }
    }

    @Override
    public String where(String integration) {
        return folder.resolve(integration).toString();
    }

    private List<Path> files(String integration) {
        Path dir = folder.resolve(integration);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                    && f.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void write(Path file, String integration, List<Kept> records) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try {
            for (Kept kept : records) {
                try (JsonGenerator line = JSON.createGenerator(lines, JsonEncoding.UTF8)) {
                    line.writeStartObject();
                    line.writeStringField("reason", kept.reason());
                    line.writeStringField("integration", integration);
                    line.writeStringField("run", kept.run());
                    line.writeNumberField("page", kept.page());
                    line.writeStringField("kept_at", kept.keptAt());
                    line.writeFieldName("record");
                    // the record as sent; line breaks between its tokens (never inside a JSON string) become spaces
                    line.writeRawValue(new String(InterviewRecord.oneLine(kept.record()), java.nio.charset.StandardCharsets.UTF_8));
                    line.writeEndObject();
                }
                lines.write('\n');
            }
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(temp, lines.toByteArray());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep rejected records in " + file, e);
        }
    }

    /** The lines of a file of kept records; each record's bytes are taken from the line as they are. */
    private static List<Kept> read(byte[] bytes) throws IOException {
        List<Kept> kept = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start) {
                    kept.add(line(Arrays.copyOfRange(bytes, start, i)));
                }
                start = i + 1;
            }
        }
        return kept;
    }

    private static Kept line(byte[] line) throws IOException {
        String reason = null;
        String run = null;
        String keptAt = null;
        int page = 0;
        byte[] record = null;
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a kept record's line is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "reason" -> reason = json.getValueAsString();
                    case "run" -> run = json.getValueAsString();
                    case "kept_at" -> keptAt = json.getValueAsString();
                    case "page" -> page = json.getValueAsInt();
                    case "record" -> {
                        int from = (int) json.currentTokenLocation().getByteOffset();
                        json.skipChildren();
                        json.finishToken(); // a string's end is known only once its text is read
                        record = Arrays.copyOfRange(line, from, (int) json.currentLocation().getByteOffset());
                    }
                    default -> json.skipChildren();
                }
            }
        }
        if (record == null) {
            throw new IOException("a kept record's line has no record");
        }
        return new Kept(reason, run, page, keptAt, record);
    }
}
