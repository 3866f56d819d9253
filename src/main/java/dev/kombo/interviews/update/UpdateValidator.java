package dev.kombo.interviews.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.kombo.ContractSchema;
import dev.kombo.interviews.kombo.KomboSchemas;

/**
 * Checks an update before anything is sent: size, JSON, the contract's PATCH schema (networknt), then what
 * the schema cannot say (ISO date-times with offset, end after start, ids that are safe in a URL path and a
 * header, no fields the contract does not know). An invalid request never reaches Kombo.
 */
public final class UpdateValidator {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("integration_id", "application_id", "interview",
            "idempotency_key");
    /** Kombo ids are short and alphanumeric; anything else (slashes, dots, CR/LF) is refused, not escaped. */
    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern INTEGRATION_ID = Pattern.compile("[A-Za-z0-9:_.-]{1,200}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final ContractSchema schema = ContractSchema.compile(KomboSchemas.spec(KomboSchemas.PATCH_SPEC),
            KomboSchemas.PATCH_BODY, ContractSchema.Reading.SENT, Set.of());
    private final ObjectMapper json;
    private final int maxBodyBytes;

    public UpdateValidator(int maxBodyBytes, int maxNestingDepth) {
        this.maxBodyBytes = maxBodyBytes;
        // "{...} garbage" is not one JSON document: refuse it instead of sending the first part
        this.json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth).maxStringLength(maxBodyBytes).build());
    }

    /** A Kombo-compatible request: ids from the path and headers, the PATCH body as the body. */
    public InterviewUpdate direct(String integrationId, String applicationId, String idempotencyKey, byte[] body) {
        List<String> problems = new ArrayList<>();
        checkId("X-Integration-Id", integrationId, INTEGRATION_ID, problems);
        checkId("application_id", applicationId, APPLICATION_ID, problems);
        if (idempotencyKey != null) {
            checkId("Idempotency-Key", idempotencyKey, IDEMPOTENCY_KEY, problems);
        }
        JsonNode parsed = parse(body, problems);
        if (parsed != null) {
            checkBody(parsed, "", problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidUpdateException(problems);
        }
        return new InterviewUpdate(integrationId, applicationId, idempotencyKey, parsed);
    }

    /**
     * The envelope of the file drop and the JMS queue:
     * {@code {"integration_id", "application_id", "interview": {<PATCH body>}, "idempotency_key"?}}.
     */
    public InterviewUpdate envelope(byte[] body) {
        List<String> problems = new ArrayList<>();
        JsonNode envelope = parse(body, problems);
        if (envelope == null) {
            throw new InvalidUpdateException(problems);
        }
        if (!envelope.isObject()) {
            throw new InvalidUpdateException(List.of("the envelope must be a JSON object"));
        }
        unknownFields(envelope, ENVELOPE_FIELDS, "", problems);
        String integrationId = text(envelope, "integration_id", problems);
        String applicationId = text(envelope, "application_id", problems);
        checkId("integration_id", integrationId, INTEGRATION_ID, problems);
        checkId("application_id", applicationId, APPLICATION_ID, problems);
        String key = null;
        if (envelope.has("idempotency_key")) {
            key = text(envelope, "idempotency_key", problems);
            checkId("idempotency_key", key, IDEMPOTENCY_KEY, problems);
        }
        JsonNode interview = envelope.get("interview");
        if (interview == null || interview.isNull()) {
            problems.add("interview: required (the Kombo PATCH body)");
        } else {
            checkBody(interview, "interview.", problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidUpdateException(problems);
        }
        return new InterviewUpdate(integrationId, applicationId, key, interview);
    }

    private JsonNode parse(byte[] body, List<String> problems) {
        if (body == null || body.length == 0) {
            problems.add("body: empty; a JSON object is required");
            return null;
        }
        if (body.length > maxBodyBytes) {
            problems.add("body: " + body.length + " bytes is over the limit of " + maxBodyBytes);
            return null;
        }
        int invalid = firstInvalidUtf8(body);
        if (invalid >= 0) {
            // a decoder would put U+FFFD in its place, and Kombo would store that: refuse instead
            problems.add("body: not valid UTF-8 at byte offset " + invalid + " (" + hex(body, invalid) + ")");
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                problems.add("body: empty; a JSON object is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            problems.add("body: not valid JSON (" + e.getOriginalMessage() + at + ")");
            return null;
        } catch (IOException e) {
            problems.add("body: unreadable (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
    static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = strict.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return strict.flush(out).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    private static String hex(byte[] bytes, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < Math.min(bytes.length, from + 4); i++) {
            text.append(i == from ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return text.toString();
    }

    private void checkBody(JsonNode body, String prefix, List<String> problems) {
        // unknown fields too: Kombo would ignore one, and a misspelt field must not silently change nothing
        for (String problem : schema.problems(body)) {
            problems.add(prefix + problem);
        }
        if (!body.isObject()) {
            return;
        }
        OffsetDateTime start = time(body, "start_time", prefix, problems);
        OffsetDateTime end = time(body, "end_time", prefix, problems);
        if (start != null && end != null && !end.isAfter(start)) {
            problems.add(prefix + "end_time: must be after start_time (" + start + " .. " + end + ")");
        }
    }

    private static OffsetDateTime time(JsonNode body, String field, String prefix, List<String> problems) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            return null; // missing or not a string: the schema already said so
        }
        try {
            return OffsetDateTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            problems.add(prefix + field + ": '" + abbreviate(value.asText())
                    + "' is not an ISO-8601 date-time with offset (e.g. 2026-11-25T14:30:00.000Z)");
            return null;
        }
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                // Kombo would ignore it; refusing it keeps a misspelt field from silently changing nothing
                problems.add(prefix + abbreviate(name) + ": unknown field (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(field + ": required");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": must be a string, was " + value.getNodeType().toString().toLowerCase());
            return null;
        }
        return value.asText();
    }

    private static void checkId(String name, String value, Pattern pattern, List<String> problems) {
        if (value == null) {
            if (!problems.stream().anyMatch(p -> p.startsWith(name + ":"))) {
                problems.add(name + ": required");
            }
        } else if (!pattern.matcher(value).matches()) {
            problems.add(name + ": '" + abbreviate(value) + "' is not a valid id (" + pattern.pattern() + ")");
        }
    }

    private static String abbreviate(String text) {
        // control characters and lone surrogates cannot go into a header, a log line or a UTF-8 sidecar
        String printable = text.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
