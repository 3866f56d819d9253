package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.kombo.KomboSchemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a PATCH body the way Kombo and the ATS behind it would, in three tiers, answering the first that
 * finds anything:
 * <ol>
 *   <li>400 {@code PLATFORM.INPUT_INVALID}: not JSON, or against the contract's
 *       {@code PatchAtsApplicationsApplicationIdInterviewsRequestBody} schema, or {@code start_time} /
 *       {@code end_time} not ISO-8601 date-times with an offset (Kombo parses them before the ATS sees them);</li>
 *   <li>404 {@code PLATFORM.INPUT_INVALID}: {@code interview_id} not an interview of this integration (or
 *       deleted), or the interview belongs to another application than the path's: the resource the
 *       request names does not exist, so 404, but the code stays the contract's input error;</li>
 *   <li>400 {@code REMOTE.INPUT_INVALID}: values the ATS refuses: end not after start, a blank title.</li>
 * </ol>
 * Each tier lists every problem it found, as {@code field: problem}. User ids are taken as they come: one the
 * user pool does not know shows on the next GET as a user with that id and null names.
 */
final class PatchRequestValidator {

    static final String SPEC = "/kombo-api/patch-ats-application-interviews.openapi.yaml";
    private static final String BODY_SCHEMA = "/components/schemas/PatchAtsApplicationsApplicationIdInterviewsRequestBody";

    /** Either {@code changes} to apply to {@code interviewId}, or an error to answer. */
    record Verdict(int status, String code, List<String> problems, String interviewId, InterviewChanges changes) {
        boolean valid() {
            return code == null;
        }

        String message() {
            return "The request is invalid: " + String.join("; ", problems);
        }
    }

    private final Schema schema = KomboSchemas.patchRequestBody();
    private final ObjectMapper mapper;
    private final InterviewStore store;

    PatchRequestValidator(ObjectMapper mapper, InterviewStore store) {
        this.mapper = mapper;
        this.store = store;
    }

    Verdict check(String integrationId, String applicationId, byte[] body) {
        List<String> problems = new ArrayList<>();
        JsonNode json = parse(body, problems);
        if (json == null) {
            return platform(problems);
        }
        for (Error error : schema.validate(json)) {
            problems.add(KomboSchemas.describe(error));
        }
        Instant start = instant(json, "start_time", problems);
        Instant end = instant(json, "end_time", problems);
        if (!problems.isEmpty()) {
            return platform(problems);
        }

        String interviewId = json.get("interview_id").asText();
        Interview interview = store.findInterview(integrationId, interviewId).orElse(null);
        if (interview == null || interview.deleted()) {
            return new Verdict(404, KomboErrors.INPUT_INVALID, List.of("interview_id: no interview \"" + interviewId
                    + "\" exists in integration \"" + integrationId + "\"" + (interview == null ? "" : " (it was deleted)")),
                    null, null);
        }
        if (!applicationId.equals(interview.applicationId())) {
            return new Verdict(404, KomboErrors.INPUT_INVALID, List.of("application_id: interview \"" + interviewId
                    + "\" does not belong to application \"" + applicationId + "\" (it belongs to "
                    + (interview.applicationId() == null ? "no application" : "\"" + interview.applicationId() + "\"")
                    + ")"), null, null);
        }

        if (!end.isAfter(start)) {
            problems.add("end_time: must be after start_time");
        }
        String title = json.get("title").asText();
        if (title.isBlank()) {
            problems.add("title: must not be blank");
        }
        if (!problems.isEmpty()) {
            return new Verdict(KomboErrors.status(KomboErrors.REMOTE_INPUT_INVALID), KomboErrors.REMOTE_INPUT_INVALID,
                    problems, null, null);
        }

        // The GET model has no organizer: Kombo's users are everyone taking part, so the organizer leads them.
        Set<String> users = new LinkedHashSet<>();
        users.add(json.get("organizer_user_id").asText());
        json.get("interviewer_user_ids").forEach(node -> users.add(node.asText()));
        JsonNode location = json.get("location");
        String address = location.path("address").isTextual() ? location.get("address").asText() : null;
        // A type without an address carries nothing the GET model can show, so the location stays.
        String type = address == null ? null : location.get("type").asText();
        return new Verdict(200, null, List.of(), interviewId,
                new InterviewChanges(title, start, end, List.copyOf(users), type, address));
    }

    private Verdict platform(List<String> problems) {
        return new Verdict(KomboErrors.status(KomboErrors.INPUT_INVALID), KomboErrors.INPUT_INVALID, problems, null,
                null);
    }

    private JsonNode parse(byte[] body, List<String> problems) {
        if (body.length == 0) {
            problems.add("body: required, a JSON object");
            return null;
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || json.isMissingNode()) {
                problems.add("body: required, a JSON object");
                return null;
            }
            return json;
        } catch (JsonProcessingException e) {
            problems.add("body: not valid JSON (" + e.getOriginalMessage() + ")");
            return null;
        } catch (IOException e) {
            problems.add("body: unreadable (" + e.getMessage() + ")");
            return null;
        }
    }

    /** Only when the schema let the field through as a string; the schema reports the rest. */
    private static Instant instant(JsonNode json, String field, List<String> problems) {
        JsonNode value = json.path(field);
        if (!value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(field + ": \"" + value.asText()
                    + "\" is not an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00Z");
            return null;
        }
    }

}
