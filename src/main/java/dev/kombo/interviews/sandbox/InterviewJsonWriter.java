package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kombo.interviews.sandbox.Interview.Application;
import dev.kombo.interviews.sandbox.Interview.Candidate;
import dev.kombo.interviews.sandbox.Interview.EmailAddress;
import dev.kombo.interviews.sandbox.Interview.Job;
import dev.kombo.interviews.sandbox.Interview.Location;
import dev.kombo.interviews.sandbox.Interview.RemoteData;
import dev.kombo.interviews.sandbox.Interview.User;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams interviews in the contract's field order and naming, straight to a {@link JsonGenerator}. A field
 * named in its object's {@code absent} set is left out; a null one is written as null.
 */
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
        Set<String> absent = i.absent();
        json.writeStartObject();
        string(json, absent, "id", i.id());
        string(json, absent, "remote_id", i.remoteId());
        string(json, absent, "title", i.title());
        instant(json, absent, "starting_at", i.startingAt());
        instant(json, absent, "ending_at", i.endingAt());
        if (field(json, absent, "location", i.location())) {
            location(json, i.location());
        }
        string(json, absent, "video_conferencing_url", i.videoConferencingUrl());
        string(json, absent, "application_id", i.applicationId());
        string(json, absent, "stage_id", i.stageId());
        if (field(json, absent, "canceled", i.canceled())) {
            json.writeBoolean(i.canceled());
        }
        instant(json, absent, "remote_created_at", i.remoteCreatedAt());
        instant(json, absent, "remote_updated_at", i.remoteUpdatedAt());
        if (field(json, absent, "remote_data", i.remoteData())) {
            remoteData(json, i.remoteData());
        }
        instant(json, absent, "changed_at", i.changedAt());
        instant(json, absent, "remote_deleted_at", i.remoteDeletedAt());
        if (field(json, absent, "users", i.users())) {
            json.writeStartArray();
            for (User user : i.users()) {
                user(json, user);
            }
            json.writeEndArray();
        }
        if (field(json, absent, "application", i.application())) {
            application(json, i.application());
        }
        for (Map.Entry<String, String> extra : i.extraFields().entrySet()) {
            json.writeStringField(extra.getKey(), extra.getValue());
        }
        json.writeEndObject();
    }

    private static void location(JsonGenerator json, Location location) throws IOException {
        Set<String> absent = location.absent();
        json.writeStartObject();
        string(json, absent, "city", location.city());
        string(json, absent, "country", location.country());
        string(json, absent, "raw", location.raw());
        string(json, absent, "state", location.state());
        string(json, absent, "street_1", location.street1());
        string(json, absent, "street_2", location.street2());
        string(json, absent, "zip_code", location.zipCode());
        json.writeEndObject();
    }

    private static void user(JsonGenerator json, User user) throws IOException {
        Set<String> absent = user.absent();
        json.writeStartObject();
        string(json, absent, "id", user.id());
        string(json, absent, "remote_id", user.remoteId());
        string(json, absent, "first_name", user.firstName());
        string(json, absent, "last_name", user.lastName());
        string(json, absent, "email", user.email());
        json.writeEndObject();
    }

    private static void remoteData(JsonGenerator json, RemoteData data) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart(data.endpoint());
        json.writeStringField("id", data.remoteId());
        json.writeStringField("status", data.status());
        json.writeStringField("subject", data.rawTitle());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void application(JsonGenerator json, Application application) throws IOException {
        Set<String> absent = application.absent();
        json.writeStartObject();
        string(json, absent, "id", application.id());
        string(json, absent, "remote_id", application.remoteId());
        string(json, absent, "outcome", application.outcome());
        string(json, absent, "rejection_reason_name", application.rejectionReasonName());
        if (field(json, absent, "candidate", application.candidate())) {
            candidate(json, application.candidate());
        }
        if (field(json, absent, "job", application.job())) {
            job(json, application.job());
        }
        json.writeEndObject();
    }

    private static void candidate(JsonGenerator json, Candidate candidate) throws IOException {
        Set<String> absent = candidate.absent();
        json.writeStartObject();
        string(json, absent, "id", candidate.id());
        string(json, absent, "remote_id", candidate.remoteId());
        string(json, absent, "first_name", candidate.firstName());
        string(json, absent, "last_name", candidate.lastName());
        if (field(json, absent, "email_addresses", candidate.emailAddresses())) {
            json.writeStartArray();
            for (EmailAddress email : candidate.emailAddresses()) {
                json.writeStartObject();
                string(json, email.absent(), "email_address", email.emailAddress());
                string(json, email.absent(), "type", email.type());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void job(JsonGenerator json, Job job) throws IOException {
        Set<String> absent = job.absent();
        json.writeStartObject();
        string(json, absent, "id", job.id());
        string(json, absent, "remote_id", job.remoteId());
        string(json, absent, "name", job.name());
        json.writeEndObject();
    }

    /**
     * Writes the field's name unless it is absent, and null for a null value.
     *
     * @return whether the caller writes the value
     */
    private static boolean field(JsonGenerator json, Set<String> absent, String name, Object value)
            throws IOException {
        if (absent.contains(name)) {
            return false;
        }
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
            return false;
        }
        return true;
    }

    private static void string(JsonGenerator json, Set<String> absent, String name, String value) throws IOException {
        if (!absent.contains(name)) {
            json.writeStringField(name, value);
        }
    }

    private static void instant(JsonGenerator json, Set<String> absent, String name, Instant value)
            throws IOException {
        string(json, absent, name, value == null ? null : Timestamps.format(value));
    }
}
