package dev.kombo.interviews.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;

import dev.kombo.interviews.kombo.KomboSchemas;

/**
 * Reads a {@code GET /ats/interviews} success body. One page is held at a time, so memory depends on the
 * page size, never on the number of records in the sync.
 */
public final class PageReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do with a record that breaks the contract's interview schema (kombo.sync.invalid-records). */
    public enum InvalidRecords {
        /** keep it in the dead-letter folder with every problem, deliver the rest of the page */
        DEAD_LETTER,
        /** stop the run (nothing of the page is delivered, the watermark stays) */
        FAIL,
        /** deliver it anyway; only a record without an id is kept back */
        DELIVER
    }

    private final Schema interviewSchema = KomboSchemas.schema(KomboSchemas.GET_SPEC,
            "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items");
    private final InvalidRecords invalidRecords;

    public PageReader(InvalidRecords invalidRecords) {
        this.invalidRecords = invalidRecords;
    }

    /** What a page holds: its records and the cursor of the next page (null on the last page). */
    public record Page(List<InterviewRecord> records, List<Rejected> rejected, String next) {
    }

    /** A record the sinks cannot take, kept whole with the reason. */
    public record Rejected(String reason, String json) {
    }

    /** A page that does not follow the contract; the run stops rather than guess. */
    public static final class InvalidPageException extends RuntimeException {
        public InvalidPageException(String message) {
            super(message);
        }
    }

    /**
     * @param where "integration 'acme' page 3", used in every error message
     * @return the page; records the sinks cannot take are returned in {@code rejected} with the reason
     */
    public Page read(InputStream body, String where) {
        byte[] bytes;
        try {
            bytes = body.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(where + ": reading the answer failed", e);
        }
        try (JsonParser json = JSON.createParser(bytes)) {
            return read(json, bytes, where);
        } catch (JsonProcessingException e) {
            throw new InvalidPageException(where + ": the answer is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(where + ": reading the answer failed", e);
        }
    }

    /**
     * Streams through {@code {"status": "success", "data": {"next": …, "results": […]}}} (fields in any order).
     * Each record is kept as the exact bytes Kombo sent, so nothing is re-serialised on the way to a sink.
     */
    private Page read(JsonParser json, byte[] bytes, String where) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidPageException(where + ": the answer is empty or not a JSON object");
        }
        String status = null;
        boolean data = false;
        boolean nextSeen = false;
        String next = null;
        List<Parsed> parsed = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("status")) {
                status = value == JsonToken.VALUE_STRING ? json.getText() : null;
            } else if (field.equals("data") && value == JsonToken.START_OBJECT) {
                data = true;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String dataField = json.currentName();
                    value = json.nextToken();
                    if (dataField.equals("next")) {
                        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                            throw new InvalidPageException(where + ": data.next is missing or neither a string nor null");
                        }
                        nextSeen = true;
                        next = value == JsonToken.VALUE_NULL ? null : json.getText();
                    } else if (dataField.equals("results") && value == JsonToken.START_ARRAY) {
                        parsed = new ArrayList<>();
                        while (json.nextToken() != JsonToken.END_ARRAY) {
                            int from = (int) json.currentTokenLocation().getByteOffset();
                            JsonNode result = json.readValueAsTree();
                            int to = (int) json.currentLocation().getByteOffset();
                            parsed.add(new Parsed(result, result.isObject() ? Arrays.copyOfRange(bytes, from, to)
                                    : result.toString().getBytes(StandardCharsets.UTF_8)));
                        }
                    } else {
                        json.skipChildren();
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        if (!"success".equals(status) || !data) {
            throw new InvalidPageException(where + ": the answer has no status=success and data object");
        }
        if (parsed == null) {
            throw new InvalidPageException(where + ": data.results is missing or not an array");
        }
        if (!nextSeen) {
            throw new InvalidPageException(where + ": data.next is missing or neither a string nor null");
        }
        // schema validation is most of the work of reading a page: records are checked on every core
        List<Checked> checked = parsed.parallelStream().map(this::check).toList();
        List<InterviewRecord> records = new ArrayList<>(checked.size());
        List<Rejected> rejected = new ArrayList<>();
        for (Checked c : checked) {
            if (c.record() != null) {
                records.add(c.record());
            } else if (c.breaksContract() && invalidRecords == InvalidRecords.FAIL) {
                throw new InvalidPageException(where + ": " + c.rejected().reason());
            } else {
                rejected.add(c.rejected());
            }
        }
        return new Page(records, rejected, next == null || next.isEmpty() ? null : next);
    }

    /** A record as parsed (for the checks) and as received (for the sinks). */
    private record Parsed(JsonNode tree, byte[] raw) {
    }

    /** Either a record the sinks can take or the reason it is rejected. */
    private record Checked(InterviewRecord record, Rejected rejected, boolean breaksContract) {
    }

    private Checked check(Parsed parsed) {
        JsonNode result = parsed.tree();
        JsonNode id = result.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return new Checked(null, new Rejected("record has no string id", text(parsed)), false);
        }
        if (invalidRecords != InvalidRecords.DELIVER) {
            List<String> problems = interviewSchema.validate(result).stream().map(KomboSchemas::describe).toList();
            if (!problems.isEmpty()) {
                String reason = "interview " + id.asText() + " breaks the contract: " + String.join("; ", problems);
                return new Checked(null, new Rejected(reason, text(parsed)), true);
            }
        }
        JsonNode deletedAt = result.get("remote_deleted_at");
        return new Checked(new InterviewRecord(id.asText(), result.path("changed_at").asText(null),
                deletedAt != null && !deletedAt.isNull(), parsed.raw()), null, false);
    }

    private static String text(Parsed parsed) {
        return new String(parsed.raw(), StandardCharsets.UTF_8);
    }
}
