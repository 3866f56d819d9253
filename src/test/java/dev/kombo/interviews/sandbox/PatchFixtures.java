package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.stream.StreamSupport;

/** Valid PATCH bodies for real sandbox interviews, to be broken one field at a time. */
final class PatchFixtures {

    static final String START = "2026-03-02T09:00:00Z";
    static final String END_UTC = "2026-03-02T10:00:00Z";

    private PatchFixtures() {
    }

    /** The {@code n}-th live interview (from {@code from}) that has an application. */
    static Interview interview(KomboSandbox sandbox, String integrationId, int from) {
        InterviewStore store = sandbox.store();
        for (int i = from; i < store.count(integrationId); i++) {
            Interview interview = store.get(integrationId, i);
            if (interview.application() != null && !interview.deleted()) {
                return interview;
            }
        }
        throw new AssertionError("no live interview with an application after " + from);
    }

    static String user(KomboSandbox sandbox, String integrationId, int index) {
        return sandbox.store().users(integrationId).get(index).id();
    }

    /** Every required field, valid: title, one hour from START, two interviewers, a physical address. */
    static ObjectNode body(KomboSandbox sandbox, String integrationId, Interview interview) {
        ObjectNode body = SandboxHttp.MAPPER.createObjectNode();
        body.put("interview_id", interview.id());
        body.put("title", "Final round – Zoë");
        body.put("start_time", START);
        body.put("end_time", END_UTC);
        body.putArray("interviewer_user_ids").add(user(sandbox, integrationId, 3)).add(user(sandbox, integrationId, 4));
        body.put("organizer_user_id", user(sandbox, integrationId, 5));
        body.putObject("location").put("type", "PHYSICAL").put("address", "Lohmühlenstraße 65, Berlin");
        return body;
    }

    static List<String> userIds(JsonNode users) {
        return StreamSupport.stream(users.spliterator(), false).map(u -> u.get("id").asText()).toList();
    }
}
