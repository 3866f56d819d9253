package dev.kombo.interviews.update;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated request to change an interview: {@code PATCH /ats/applications/{applicationId}/interviews}
 * with {@code X-Integration-Id: integrationId} and {@code body}.
 *
 * @param integrationId  Kombo's integration id
 * @param applicationId  the application the interview belongs to
 * @param idempotencyKey the caller's key (may be null): a repeat within the window gets the first answer
 * @param body           the Kombo PATCH body, exactly as it will be sent
 */
public record InterviewUpdate(String integrationId, String applicationId, String idempotencyKey, JsonNode body) {

    public String interviewId() {
        return body.path("interview_id").asText();
    }
}
