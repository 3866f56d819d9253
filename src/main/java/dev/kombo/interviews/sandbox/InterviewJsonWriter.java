package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kombo.interviews.sandbox.Interview.Application;
import dev.kombo.interviews.sandbox.Interview.Candidate;
import dev.kombo.interviews.sandbox.Interview.EmailAddress;
import dev.kombo.interviews.sandbox.Interview.Location;
import dev.kombo.interviews.sandbox.Interview.RemoteData;
import dev.kombo.interviews.sandbox.Interview.User;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Streams interviews in the contract's field order and naming, straight to a {@link JsonGenerator}. */
final class InterviewJsonWriter {

    private InterviewJsonWriter() {
    }

    static void writePage(JsonGenerator json, List<Interview> results, String next) throws IOException {
        json.writeStartObject();
        json.writeStringField("status", "success");
        json.writeObjectFieldStart("data");
        json.writeStringField("next", next);
        json.writeArrayFieldStart("results");
        for (Interview interview : results) {
            write(json, interview);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    static void write(JsonGenerator json, Interview i) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", i.id());
        json.writeStringField("remote_id", i.remoteId());
        json.writeStringField("title", i.title());
        instant(json, "starting_at", i.startingAt());
        instant(json, "ending_at", i.endingAt());
        location(json, i.location());
        json.writeStringField("video_conferencing_url", i.videoConferencingUrl());
        json.writeStringField("application_id", i.applicationId());
        json.writeStringField("stage_id", i.stageId());
        json.writeFieldName("canceled");
        if (i.canceled() == null) {
            json.writeNull();
        } else {
            json.writeBoolean(i.canceled());
        }
        instant(json, "remote_created_at", i.remoteCreatedAt());
        instant(json, "remote_updated_at", i.remoteUpdatedAt());
        remoteData(json, i.remoteData());
        instant(json, "changed_at", i.changedAt());
        instant(json, "remote_deleted_at", i.remoteDeletedAt());
        json.writeArrayFieldStart("users");
        for (User user : i.users()) {
            json.writeStartObject();
            json.writeStringField("id", user.id());
            json.writeStringField("remote_id", user.remoteId());
            json.writeStringField("first_name", user.firstName());
            json.writeStringField("last_name", user.lastName());
            json.writeStringField("email", user.email());
            json.writeEndObject();
        }
        json.writeEndArray();
        application(json, i.application());
        json.writeEndObject();
    }

    private static void location(JsonGenerator json, Location location) throws IOException {
        json.writeFieldName("location");
        if (location == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("city", location.city());
        json.writeStringField("country", location.country());
        json.writeStringField("raw", location.raw());
        json.writeStringField("state", location.state());
        json.writeStringField("street_1", location.street1());
        json.writeStringField("street_2", location.street2());
        json.writeStringField("zip_code", location.zipCode());
        json.writeEndObject();
    }

    private static void remoteData(JsonGenerator json, RemoteData data) throws IOException {
        json.writeFieldName("remote_data");
        if (data == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeObjectFieldStart(data.endpoint());
        json.writeStringField("id", data.remoteId());
        json.writeStringField("status", data.status());
        json.writeStringField("subject", data.rawTitle());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void application(JsonGenerator json, Application application) throws IOException {
        json.writeFieldName("application");
        if (application == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("id", application.id());
        json.writeStringField("remote_id", application.remoteId());
        json.writeStringField("outcome", application.outcome());
        json.writeStringField("rejection_reason_name", application.rejectionReasonName());
        Candidate candidate = application.candidate();
        json.writeFieldName("candidate");
        if (candidate == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeStringField("id", candidate.id());
            json.writeStringField("remote_id", candidate.remoteId());
            json.writeStringField("first_name", candidate.firstName());
            json.writeStringField("last_name", candidate.lastName());
            json.writeFieldName("email_addresses");
            if (candidate.emailAddresses() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (EmailAddress email : candidate.emailAddresses()) {
                    json.writeStartObject();
                    json.writeStringField("email_address", email.emailAddress());
                    json.writeStringField("type", email.type());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeFieldName("job");
        if (application.job() == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeStringField("id", application.job().id());
            json.writeStringField("remote_id", application.job().remoteId());
            json.writeStringField("name", application.job().name());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void instant(JsonGenerator json, String field, Instant value) throws IOException {
        json.writeStringField(field, value == null ? null : Timestamps.format(value));
    }
}
