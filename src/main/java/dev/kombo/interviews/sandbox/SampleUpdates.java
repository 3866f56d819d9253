package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Valid update requests for sandbox interviews: the demo's ready-made examples and the tests' requests. */
public final class SampleUpdates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleUpdates() {
    }

    /** The first interview at or after {@code from} that can be updated: not deleted, with an application. */
    public static Interview updatable(InterviewStore store, String integrationId, int from) {
        for (int i = from; i < store.count(integrationId); i++) {
            Interview interview = store.get(integrationId, i);
            if (interview.applicationId() != null && !interview.deleted()) {
                return interview;
            }
        }
        throw new IllegalStateException("no updatable interview in " + integrationId + " from index " + from);
    }

    /** A PATCH body that follows the contract, moving the interview to a virtual slot with its first user. */
    public static ObjectNode patchBody(InterviewStore store, String integrationId, Interview interview, String title,
            String startTime, String endTime, String address) {
        String user = store.users(integrationId).get(0).id();
        ObjectNode body = JSON.createObjectNode();
        body.put("interview_id", interview.id());
        body.put("title", title);
        body.put("start_time", startTime);
        body.put("end_time", endTime);
        body.putArray("interviewer_user_ids").add(user);
        body.put("organizer_user_id", user);
        body.putObject("location").put("type", "VIRTUAL").put("address", address);
        return body;
    }

    /** The file-drop / JMS envelope around a PATCH body. */
    public static ObjectNode envelope(String integrationId, String applicationId, ObjectNode body) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("integration_id", integrationId);
        envelope.put("application_id", applicationId);
        envelope.set("interview", body);
        return envelope;
    }
}
