package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.sandbox.Interview.Location;
import dev.kombo.interviews.sandbox.Interview.User;
import dev.kombo.interviews.sandbox.KomboIds.Kind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The sandbox's interviews per integration. Records are generated on demand; only records changed
 * through the admin API or a PATCH live in a per-integration override map.
 */
public final class InterviewStore {

    private final Map<String, Integration> integrations = new ConcurrentHashMap<>();
    private final long seed;
    private final int deletedEvery;
    private final boolean schemaDrift;
    private final Instant horizon;
    private final Clock clock;

    InterviewStore(SandboxSettings settings, Clock clock) {
        this.seed = settings.seed();
        this.deletedEvery = settings.deletedEvery();
        this.schemaDrift = settings.schemaDrift();
        this.clock = clock;
        Instant startUp = clock.instant().minusSeconds(60);
        this.horizon = settings.dataHorizon().isBefore(startUp) ? settings.dataHorizon() : startUp;
        settings.integrations().forEach(this::addIntegration);
    }

    /** Every generated timestamp lies before this instant. */
    public Instant dataHorizon() {
        return horizon;
    }

    /** Adds an integration (or replaces one, dropping its changes) with {@code count} generated interviews. */
    public void addIntegration(String integrationId, int count) {
        if (integrationId == null || integrationId.isBlank() || count < 0) {
            throw new IllegalArgumentException("integration id must be set and count >= 0");
        }
        long integrationSeed = KomboIds.mix(seed ^ KomboIds.mix(integrationId.hashCode()));
        integrations.put(integrationId, new Integration(integrationId, count,
                new InterviewGenerator(integrationSeed, deletedEvery, horizon, schemaDrift), new Random(integrationSeed)));
    }

    public boolean hasIntegration(String integrationId) {
        return integrationId != null && integrations.containsKey(integrationId);
    }

    /** Integration ids (sorted) with their record counts. */
    public Map<String, Integer> integrations() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        integrations.values().stream().sorted(Comparator.comparing(i -> i.id))
                .forEach(i -> counts.put(i.id, i.count));
        return counts;
    }

    public int count(String integrationId) {
        return integration(integrationId).count;
    }

    /** The error code every request for this integration answers, if any. */
    public Optional<String> state(String integrationId) {
        return Optional.ofNullable(integration(integrationId).state);
    }

    /**
     * Puts an integration into an error state ({@code INTEGRATION.AUTHENTICATION_INVALID} for a revoked
     * connection, {@code INTEGRATION.SETUP_SYNC_PENDING}, ...), or back to healthy with {@code null}.
     */
    public void setState(String integrationId, String errorCode) {
        if (errorCode != null && !KomboErrors.isKnown(errorCode)) {
            throw new IllegalArgumentException("unknown Kombo error code: " + errorCode);
        }
        integration(integrationId).state = errorCode;
    }

    /** Record {@code index} as currently served (changed or generated). */
    public Interview get(String integrationId, int index) {
        Integration integration = integration(integrationId);
        if (index < 0 || index >= integration.count) {
            throw new IndexOutOfBoundsException(index);
        }
        return integration.current(index);
    }

    public String interviewId(String integrationId, int index) {
        return integration(integrationId).generator.ids().id(Kind.INTERVIEW, index);
    }

    public Optional<Interview> findInterview(String integrationId, String interviewId) {
        Integration integration = integration(integrationId);
        int index = integration.indexOf(interviewId);
        return index < 0 ? Optional.empty() : Optional.of(integration.current(index));
    }

    /** The integration's user pool, where PATCHed {@code interviewer_user_ids} find their names. */
    public List<User> users(String integrationId) {
        return integration(integrationId).generator.users();
    }

    /** Ids of the integration's small job pool (for {@code job_ids}). */
    public List<String> jobIds(String integrationId) {
        return integration(integrationId).generator.jobs().stream().map(Interview.Job::id).toList();
    }

    /** How many records an unfiltered sync returns. Scans cheaply, without building records. */
    public int visibleCount(String integrationId, boolean includeDeleted) {
        Integration integration = integration(integrationId);
        int visible = 0;
        for (int i = 0; i < integration.count; i++) {
            if (includeDeleted || !integration.deleted(i)) {
                visible++;
            }
        }
        return visible;
    }

    /** Changes the title of {@code count} random live records (changed_at = updated = now); returns their ids. */
    public List<String> touch(String integrationId, int count) {
        Integration integration = integration(integrationId);
        return integration.modify(integration.pickLive(count), this::touched);
    }

    public List<String> touchIds(String integrationId, Collection<String> interviewIds) {
        Integration integration = integration(integrationId);
        return integration.modify(integration.indexesOf(interviewIds), this::touched);
    }

    /** Marks {@code count} random live records deleted now; returns their ids. */
    public List<String> delete(String integrationId, int count) {
        Integration integration = integration(integrationId);
        return integration.modify(integration.pickLive(count), current -> {
            Instant now = now();
            return current.toBuilder().remoteDeletedAt(now).changedAt(now).updatedAt(now)
                    .revision(current.revision() + 1).build();
        });
    }

    /**
     * Applies PATCH-style changes to one interview. Own fields bump {@code changed_at}; any change
     * bumps the instant {@code updated_after} compares against. Each interviewer id becomes one of
     * {@code users}: the pool's user where the id is one, else a user with only that id.
     *
     * @throws NoSuchElementException           if the interview does not exist
     * @throws IllegalArgumentException         if the times are inverted
     */
    public Interview update(String integrationId, String interviewId, InterviewChanges changes) {
        Integration integration = integration(integrationId);
        int index = integration.indexOf(interviewId);
        if (index < 0) {
            throw new NoSuchElementException("no interview " + interviewId);
        }
        List<User> users = changes.interviewerUserIds() == null ? null
                : changes.interviewerUserIds().stream().map(id -> integration.user(id).orElseGet(() -> User.unknown(id)))
                .toList();
        return integration.overrides.compute(index, (key, previous) -> {
            Interview current = previous != null ? previous : integration.generator.generate(index);
            Instant start = changes.startTime() != null ? changes.startTime() : current.startingAt();
            Instant end = changes.endTime() != null ? changes.endTime() : current.endingAt();
            if (start != null && end != null && end.isBefore(start)) {
                throw new IllegalArgumentException("end_time must not be before start_time");
            }
            Instant now = now();
            Interview.Builder next = current.toBuilder().schedule(start, end).updatedAt(now)
                    .revision(current.revision() + 1);
            if (changes.title() != null) {
                next.title(changes.title());
            }
            if (changes.locationAddress() != null || changes.locationType() != null) {
                String address = changes.locationAddress();
                next.location(new Location(null, null, address, null, null, null, null, Set.of()));
                if ("VIRTUAL".equals(changes.locationType())) {
                    next.videoConferencingUrl(address);
                }
            }
            if (users != null) {
                next.users(users);
            }
            if (changes.touchesOwnFields()) {
                next.changedAt(now);
            }
            return next.build();
        });
    }

    /** The page of records starting at the query's index, and the index the next page starts at (-1: last). */
    Page page(String integrationId, PageQuery query) {
        return integration(integrationId).page(query);
    }

    /** Resolves an interview id to its index (-1 if unknown); used to translate the {@code ids} filter. */
    int indexOfId(String integrationId, String interviewId) {
        return integration(integrationId).indexOf(interviewId);
    }

    int indexOfRemoteId(String integrationId, String remoteId) {
        Integration integration = integration(integrationId);
        int index = integration.generator.indexOfRemoteId(remoteId);
        return index < integration.count ? index : -1;
    }

    int jobIndexOf(String integrationId, String jobId) {
        return integration(integrationId).generator.ids().index(Kind.JOB, jobId);
    }

    record Page(List<Interview> results, int nextIndex) {
    }

    private Interview touched(Interview current) {
        Instant now = now();
        String base = current.title(); // keep a PATCHed title, replace our earlier suffix
        int cut = base == null ? -1 : base.lastIndexOf(" (rev ");
        String title = (base == null ? "Interview" : cut > 0 ? base.substring(0, cut) : base)
                + " (rev " + (current.revision() + 1) + ")";
        return current.toBuilder().title(title).changedAt(now).updatedAt(now).revision(current.revision() + 1).build();
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private Integration integration(String integrationId) {
        Integration integration = integrationId == null ? null : integrations.get(integrationId);
        if (integration == null) {
            throw new IllegalArgumentException("unknown integration: " + integrationId);
        }
        return integration;
    }

    private static final class Integration {
        final String id;
        final int count;
        final InterviewGenerator generator;
        final Random picker;
        final Map<Integer, Interview> overrides = new ConcurrentHashMap<>();
        volatile String state;

        Integration(String id, int count, InterviewGenerator generator, Random picker) {
            this.id = id;
            this.count = count;
            this.generator = generator;
            this.picker = picker;
        }

        Interview current(int index) {
            Interview changed = overrides.isEmpty() ? null : overrides.get(index);
            return changed != null ? changed : generator.generate(index);
        }

        boolean deleted(int index) {
            Interview changed = overrides.isEmpty() ? null : overrides.get(index);
            return changed != null ? changed.deleted() : generator.isDeleted(index);
        }

        int indexOf(String interviewId) {
            int index = generator.ids().index(Kind.INTERVIEW, interviewId);
            return index < count ? index : -1;
        }

        Optional<User> user(String userId) {
            int index = generator.ids().index(Kind.USER, userId);
            return index >= 0 && index < InterviewGenerator.USER_POOL
                    ? Optional.of(generator.users().get(index)) : Optional.empty();
        }

        List<Integer> indexesOf(Collection<String> interviewIds) {
            List<Integer> indexes = new ArrayList<>();
            for (String interviewId : interviewIds) {
                int index = indexOf(interviewId);
                if (index < 0) {
                    throw new IllegalArgumentException("unknown interview id: " + interviewId);
                }
                indexes.add(index);
            }
            return indexes;
        }

        /** Distinct random live records; fewer if the integration has fewer. */
        List<Integer> pickLive(int wanted) {
            List<Integer> picked = new ArrayList<>();
            synchronized (picker) {
                Set<Integer> seen = new HashSet<>();
                int attempts = 0;
                while (picked.size() < wanted && count > 0 && attempts++ < wanted * 20 + 100) {
                    int index = picker.nextInt(count);
                    if (seen.add(index) && !deleted(index)) {
                        picked.add(index);
                    }
                }
            }
            return picked;
        }

        List<String> modify(List<Integer> indexes, UnaryOperator<Interview> change) {
            List<String> changedIds = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                Interview changed = overrides.compute(index,
                        (key, previous) -> change.apply(previous != null ? previous : generator.generate(index)));
                changedIds.add(changed.id());
            }
            return changedIds;
        }

        Page page(PageQuery query) {
            List<Interview> results = new ArrayList<>(Math.min(query.pageSize(), 256));
            int next = query.startIndex();
            int[] indexes = query.indexes();
            int position = 0;
            if (indexes != null) {
                while (position < indexes.length && indexes[position] < next) {
                    position++;
                }
            }
            while (true) {
                int index;
                if (indexes == null) {
                    if (next >= count) {
                        return new Page(results, -1);
                    }
                    index = next++;
                } else {
                    if (position >= indexes.length || indexes[position] >= count) {
                        return new Page(results, -1);
                    }
                    index = indexes[position++];
                }
                if (matches(index, query)) {
                    if (results.size() == query.pageSize()) {
                        return new Page(results, index); // a further match exists: the next page starts here
                    }
                    results.add(current(index));
                }
            }
        }

        private boolean matches(int index, PageQuery query) {
            Interview changed = overrides.isEmpty() ? null : overrides.get(index);
            boolean deleted = changed != null ? changed.deleted() : generator.isDeleted(index);
            if (deleted && !query.includeDeleted()) {
                return false;
            }
            if (query.updatedAfterMillis() != Long.MIN_VALUE) {
                long updated = changed != null ? changed.updatedAt().toEpochMilli() : generator.updatedAtMillis(index);
                if (updated < query.updatedAfterMillis()) {
                    return false;
                }
            }
            if (query.jobIndexes() != null) {
                int job = generator.jobIndex(index);
                return job >= 0 && query.jobIndexes()[job];
            }
            return true;
        }
    }
}
