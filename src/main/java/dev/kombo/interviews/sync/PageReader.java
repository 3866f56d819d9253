package dev.kombo.interviews.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidPageException(where + ": the answer is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(where + ": reading the answer failed", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPageException(where + ": the answer is empty or not a JSON object");
        }
        JsonNode data = root.get("data");
        if (!"success".equals(root.path("status").asText()) || data == null || !data.isObject()) {
            throw new InvalidPageException(where + ": the answer has no status=success and data object");
        }
        JsonNode results = data.get("results");
        if (!(results instanceof ArrayNode)) {
            throw new InvalidPageException(where + ": data.results is missing or not an array");
        }
        JsonNode next = data.get("next");
        if (next == null || !(next.isNull() || next.isTextual())) {
            throw new InvalidPageException(where + ": data.next is missing or neither a string nor null");
        }
        List<InterviewRecord> records = new ArrayList<>(results.size());
        List<Rejected> rejected = new ArrayList<>();
        for (JsonNode result : results) {
            JsonNode id = result.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                rejected.add(new Rejected("record has no string id", result.toString()));
                continue;
            }
            if (invalidRecords != InvalidRecords.DELIVER) {
                List<String> problems = interviewSchema.validate(result).stream().map(KomboSchemas::describe).toList();
                if (!problems.isEmpty()) {
                    String reason = "interview " + id.asText() + " breaks the contract: " + String.join("; ", problems);
                    if (invalidRecords == InvalidRecords.FAIL) {
                        throw new InvalidPageException(where + ": " + reason);
                    }
                    rejected.add(new Rejected(reason, result.toString()));
                    continue;
                }
            }
            JsonNode deletedAt = result.get("remote_deleted_at");
            records.add(new InterviewRecord(id.asText(), result.path("changed_at").asText(null),
                    deletedAt != null && !deletedAt.isNull(), result.toString()));
        }
        return new Page(records, rejected, next.isNull() || next.asText().isEmpty() ? null : next.asText());
    }
}
