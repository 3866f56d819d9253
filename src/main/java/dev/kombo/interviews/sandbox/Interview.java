package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One interview as {@code GET /ats/interviews} returns it, plus two sandbox-internal fields:
 * {@code updatedAt} (what {@code updated_after} compares against; later than {@code changedAt} when only
 * nested data changed) and {@code revision} (how often the admin API changed it).
 * Nullable components mirror the nullable fields of the contract. Each object carries {@code absent}: the
 * names of its optional fields that the answer leaves out (null is written as null, absent not at all).
 * {@code extraFields} are fields outside the contract (schema drift), written after the contract's.
 */
public record Interview(
        int index,
        String id,
        String remoteId,
        String title,
        Instant startingAt,
        Instant endingAt,
        Location location,
        String videoConferencingUrl,
        String stageId,
        Boolean canceled,
        Instant remoteCreatedAt,
        Instant remoteUpdatedAt,
        RemoteData remoteData,
        Instant changedAt,
        Instant remoteDeletedAt,
        List<User> users,
        Application application,
        Instant updatedAt,
        int revision,
        Set<String> absent,
        Map<String, String> extraFields) {

    public Interview {
        users = List.copyOf(users);
        absent = Set.copyOf(absent);
        extraFields = Map.copyOf(extraFields);
    }

    /** {@code application_id} is always the id of the embedded application. */
    public String applicationId() {
        return application == null ? null : application.id();
    }

    public boolean deleted() {
        return remoteDeletedAt != null;
    }

    public String jobId() {
        return application == null || application.job() == null ? null : application.job().id();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public record Location(String city, String country, String raw, String state, String street1, String street2,
                           String zipCode, Set<String> absent) {
    }

    public record User(String id, String remoteId, String firstName, String lastName, String email,
                       Set<String> absent) {

        /** A user the sandbox knows nothing about but its id: the contract's required keys, all null. */
        static User unknown(String id) {
            return new User(id, null, null, null, null, Set.of("email"));
        }
    }

    public record Application(String id, String remoteId, String outcome, String rejectionReasonName,
                              Candidate candidate, Job job, Set<String> absent) {
    }

    /** {@code emailAddresses} may be null, as the contract allows. */
    public record Candidate(String id, String remoteId, String firstName, String lastName,
                            List<EmailAddress> emailAddresses, Set<String> absent) {
    }

    public record EmailAddress(String emailAddress, String type, Set<String> absent) {
    }

    public record Job(String id, String remoteId, String name, Set<String> absent) {
    }

    /** Kombo keys remote data by the remote endpoint path, e.g. {@code {"/interviews/123": {...}}}. */
    public record RemoteData(String endpoint, String remoteId, String status, String rawTitle) {
    }

    /** Copy-with-changes for the admin API and PATCH emulation; a field that is set is no longer absent. */
    public static final class Builder {
        private final Interview base;
        private String title;
        private Instant startingAt;
        private Instant endingAt;
        private Location location;
        private String videoConferencingUrl;
        private Instant changedAt;
        private Instant remoteDeletedAt;
        private List<User> users;
        private Instant updatedAt;
        private int revision;
        private final Set<String> absent;

        private Builder(Interview base) {
            this.base = base;
            this.title = base.title;
            this.startingAt = base.startingAt;
            this.endingAt = base.endingAt;
            this.location = base.location;
            this.videoConferencingUrl = base.videoConferencingUrl;
            this.changedAt = base.changedAt;
            this.remoteDeletedAt = base.remoteDeletedAt;
            this.users = base.users;
            this.updatedAt = base.updatedAt;
            this.revision = base.revision;
            this.absent = new HashSet<>(base.absent);
        }

        public Builder title(String title) {
            this.title = title;
            absent.remove("title");
            return this;
        }

        public Builder schedule(Instant startingAt, Instant endingAt) {
            this.startingAt = startingAt;
            this.endingAt = endingAt;
            absent.remove("starting_at");
            absent.remove("ending_at");
            return this;
        }

        public Builder location(Location location) {
            this.location = location;
            absent.remove("location");
            return this;
        }

        public Builder videoConferencingUrl(String url) {
            this.videoConferencingUrl = url;
            absent.remove("video_conferencing_url");
            return this;
        }

        public Builder changedAt(Instant changedAt) {
            this.changedAt = changedAt;
            absent.remove("changed_at");
            return this;
        }

        public Builder remoteDeletedAt(Instant remoteDeletedAt) {
            this.remoteDeletedAt = remoteDeletedAt;
            absent.remove("remote_deleted_at");
            return this;
        }

        public Builder users(List<User> users) {
            this.users = users;
            absent.remove("users");
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Builder revision(int revision) {
            this.revision = revision;
            return this;
        }

        public Interview build() {
            return new Interview(base.index, base.id, base.remoteId, title, startingAt, endingAt, location,
                    videoConferencingUrl, base.stageId, base.canceled, base.remoteCreatedAt, base.remoteUpdatedAt,
                    base.remoteData, changedAt, remoteDeletedAt, users, base.application, updatedAt, revision, absent,
                    base.extraFields);
        }
    }
}
