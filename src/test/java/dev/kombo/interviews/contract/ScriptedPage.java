package dev.kombo.interviews.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One page the scripted Kombo serves: its results in order, the cursor of the next page (null on the last page),
 * fields Kombo may add to the envelope and to {@code data}, and the seed of the page's JSON layout (field order,
 * whitespace, escapes: see {@link VariedJson}).
 */
record ScriptedPage(List<Entry> results, String next, List<InterviewArbitraries.Field> envelopeFields,
        List<InterviewArbitraries.Field> dataFields, long layoutSeed) {

    private static final ObjectMapper READER = new ObjectMapper();

    /**
     * One result as generated.
     *
     * @param problem why the sinks cannot handle it, null for an interview
     * @param field   the field the problem is in (null when it is the whole result)
     */
    record Entry(JsonNode json, String problem, String field) {

        static Entry interview(JsonNode json) {
            return new Entry(json, null, null);
        }

        static Entry unhandleable(JsonNode json, String problem, String field) {
            return new Entry(json, problem, field);
        }

        boolean deliverable() {
            return problem == null;
        }

        /** As the bundle tells a deleted interview: {@code remote_deleted_at} set. */
        boolean deleted() {
            JsonNode deletedAt = json.get("remote_deleted_at");
            return deletedAt != null && !deletedAt.isNull();
        }

        String id() {
            return json.path("id").asText();
        }

        /** The result as a JSON parser reads it back (numbers as parsed, not as generated), to compare with one. */
        JsonNode reparsed() {
            try {
                return READER.readTree(READER.writeValueAsBytes(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The page as served: the bytes of the answer, and the exact text of each result within them. */
    record Served(byte[] body, List<String> results, String next) {
    }

    Served serve() {
        return VariedJson.page(this);
    }
}
