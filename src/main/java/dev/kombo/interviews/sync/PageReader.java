package dev.kombo.interviews.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.kombo.interviews.kombo.ContractSchema;
import dev.kombo.interviews.kombo.KomboSchemas;

/**
 * Reads a {@code GET /ats/interviews} success body in one streaming pass: each record is checked against the
 * contract's interview schema on the parser's tokens and kept as the exact bytes Kombo sent. One page is held
 * at a time, so memory depends on the page size, never on the number of records in the sync.
 */
public final class PageReader {

    private static final JsonFactory JSON = new JsonFactory();
    static final String INTERVIEW_SCHEMA =
            "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items";

    /** What to do with a record that breaks the contract's interview schema (kombo.sync.invalid-records). */
    public enum InvalidRecords {
        /** keep it in the dead-letter folder with every problem, deliver the rest of the page */
        DEAD_LETTER,
        /** stop the run (nothing of the page is delivered, the watermark stays) */
        FAIL,
        /** deliver it anyway; only a record the sinks cannot take (not an object, no id) is kept back */
        DELIVER
    }

    /** What to do with fields and enum values the contract does not know yet (kombo.sync.unknown-values). */
    public enum UnknownValues {
        /** deliver the record and count what was new (Kombo adds fields and values over time) */
        DELIVER,
        /** treat it like a record that breaks the contract (kombo.sync.invalid-records decides) */
        REFUSE
    }

    private final ContractSchema interview = ContractSchema.compile(KomboSchemas.spec(KomboSchemas.GET_SPEC),
            INTERVIEW_SCHEMA, ContractSchema.Reading.RECEIVED, Set.of("id", "changed_at", "remote_deleted_at"));
    private final InvalidRecords invalidRecords;
    private final UnknownValues unknownValues;

    public PageReader(InvalidRecords invalidRecords, UnknownValues unknownValues) {
        this.invalidRecords = invalidRecords;
        this.unknownValues = unknownValues;
    }

    /** What a page holds: its records, the ones kept back, what was new to the contract, the next cursor. */
    public record Page(List<InterviewRecord> records, List<Rejected> rejected, List<Unknown> unknowns, String next) {
    }

    /** A record the sinks cannot take (or, by configuration, should not), kept whole with the reason. */
    public record Rejected(String reason, byte[] raw) {

        public String json() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    /** A field or enum value the contract does not know yet, in a delivered record. */
    public record Unknown(ContractSchema.Drift kind, String field, String example, String interviewId) {
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

    /** Streams through {@code {"status": "success", "data": {"next": …, "results": […]}}} (fields in any order). */
    private Page read(JsonParser json, byte[] bytes, String where) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidPageException(where + ": the answer is empty or not a JSON object");
        }
        String status = null;
        boolean data = false;
        boolean nextSeen = false;
        String next = null;
        Page page = null;
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
                        page = results(json, bytes, where, invalidRecords);
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
        if (page == null) {
            throw new InvalidPageException(where + ": data.results is missing or not an array");
        }
        if (!nextSeen) {
            throw new InvalidPageException(where + ": data.next is missing or neither a string nor null");
        }
        return new Page(page.records(), page.rejected(), page.unknowns(), next == null || next.isEmpty() ? null : next);
    }

    /**
     * Checks records again (a replay of kept ones) with today's rules: each is either a record for the sinks or
     * rejected with its reason. Never throws for a record that breaks the contract: it stays kept.
     *
     * @param records a JSON array of records
     */
    public Page recheck(byte[] records, String where) {
        try (JsonParser json = JSON.createParser(records)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidPageException(where + ": not a JSON array of records");
            }
            InvalidRecords keepInvalid = invalidRecords == InvalidRecords.DELIVER ? invalidRecords
                    : InvalidRecords.DEAD_LETTER;
            return results(json, records, where, keepInvalid);
        } catch (IOException e) {
            throw new InvalidPageException(where + ": a kept record is not JSON (" + e.getMessage() + ")");
        }
    }

    private Page results(JsonParser json, byte[] bytes, String where, InvalidRecords invalidRecords)
            throws IOException {
        List<InterviewRecord> records = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        List<Unknown> unknowns = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            int from = (int) json.currentTokenLocation().getByteOffset();
            boolean object = json.currentToken() == JsonToken.START_OBJECT;
            RecordFindings found = new RecordFindings();
            interview.check(json, found);
            json.finishToken(); // a string's text is read lazily: its end is known only once it is
            byte[] raw = Arrays.copyOfRange(bytes, from, (int) json.currentLocation().getByteOffset());
            if (!object) {
                rejected.add(new Rejected("record is not a JSON object", raw));
                continue;
            }
            if (found.id == null || found.id.isBlank()) {
                rejected.add(new Rejected("record has no string id", raw));
                continue;
            }
            List<String> problems = found.problems;
            if (unknownValues == UnknownValues.REFUSE) {
                found.unknowns.forEach(u -> problems.add(u.field() + ": " + u.kind().label() + " '" + u.example()
                        + "' (kombo.sync.unknown-values=refuse)"));
            }
            if (!problems.isEmpty() && invalidRecords != InvalidRecords.DELIVER) {
                String reason = "interview " + found.id + " breaks the contract: " + String.join("; ", problems);
                if (invalidRecords == InvalidRecords.FAIL) {
                    throw new InvalidPageException(where + ": " + reason);
                }
                rejected.add(new Rejected(reason, raw));
                continue;
            }
            for (Unknown unknown : found.unknowns) {
                unknowns.add(new Unknown(unknown.kind(), unknown.field(), unknown.example(), found.id));
            }
            records.add(new InterviewRecord(found.id, found.changedAt, found.deletedAt != null, raw));
        }
        return new Page(records, rejected, unknowns, null);
    }

    /** What the check of one record found, and the root fields the sinks route on. */
    private static final class RecordFindings implements ContractSchema.Findings {
        final List<String> problems = new ArrayList<>(0);
        final List<Unknown> unknowns = new ArrayList<>(0);
        String id;
        String changedAt;
        String deletedAt;

        @Override
        public void problem(String field, String message) {
            problems.add((field.isEmpty() ? "record" : field) + ": " + message);
        }

        @Override
        public void drift(ContractSchema.Drift kind, String field, String example) {
            unknowns.add(new Unknown(kind, field, example, null));
        }

        @Override
        public void captured(String name, String text) {
            switch (name) {
                case "id" -> id = text;
                case "changed_at" -> changedAt = text;
                default -> deletedAt = text;
            }
        }
    }
}
