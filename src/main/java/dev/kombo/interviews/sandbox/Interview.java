package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * One interview as {@code GET /ats/interviews} returns it, plus two sandbox-internal fields:
 * {@code updatedAt} (what {@code updated_after} compares against; later than {@code changedAt} when only
 * nested data changed) and {@code revision} (how often the admin API changed it).
 * Nullable components mirror the nullable fields of the contract.
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
        int revision) {

    public Interview {
        users = List.copyOf(users);
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
                           String zipCode) {
    }

    public record User(String id, String remoteId, String firstName, String lastName, String email) {
    }

    public record Application(String id, String remoteId, String outcome, String rejectionReasonName,
                              Candidate candidate, Job job) {
    }

    /** {@code emailAddresses} may be null, as the contract allows. */
    public record Candidate(String id, String remoteId, String firstName, String lastName,
                            List<EmailAddress> emailAddresses) {
    }

    public record EmailAddress(String emailAddress, String type) {
    }

    public record Job(String id, String remoteId, String name) {
    }

    /** Kombo keys remote data by the remote endpoint path, e.g. {@code {"/interviews/123": {...}}}. */
    public record RemoteData(String endpoint, String remoteId, String status, String rawTitle) {
    }

    /** Copy-with-changes for the admin API and PATCH emulation. */
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
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder schedule(Instant startingAt, Instant endingAt) {
            this.startingAt = startingAt;
            this.endingAt = endingAt;
            return this;
        }

        public Builder location(Location location) {
            this.location = location;
            return this;
        }

        public Builder videoConferencingUrl(String url) {
            this.videoConferencingUrl = url;
            return this;
        }

        public Builder changedAt(Instant changedAt) {
            this.changedAt = changedAt;
            return this;
        }

        public Builder remoteDeletedAt(Instant remoteDeletedAt) {
            this.remoteDeletedAt = remoteDeletedAt;
            return this;
        }

        public Builder users(List<User> users) {
            this.users = users;
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
                    base.remoteData, changedAt, remoteDeletedAt, users, base.application, updatedAt, revision);
        }
    }
}
