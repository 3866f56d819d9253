package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.sandbox.Interview.Application;
import dev.kombo.interviews.sandbox.Interview.Candidate;
import dev.kombo.interviews.sandbox.Interview.EmailAddress;
import dev.kombo.interviews.sandbox.Interview.Job;
import dev.kombo.interviews.sandbox.Interview.Location;
import dev.kombo.interviews.sandbox.Interview.RemoteData;
import dev.kombo.interviews.sandbox.Interview.User;
import dev.kombo.interviews.sandbox.InterviewSchema.Field;
import dev.kombo.interviews.sandbox.KomboIds.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Derives interview number {@code index} of one integration from its seed alone, so a million records
 * cost no memory. The cheap accessors ({@link #isDeleted}, {@link #updatedAtMillis}, {@link #jobIndex},
 * {@link #remoteId}) let the store filter without building whole records; they agree with
 * {@link #generate} by construction because both draw from the same salted streams and {@link SchemaCoverage}.
 *
 * <p>The values are the sandbox's (names in many scripts, real-looking addresses); where a value is null,
 * left out or which enum value it takes is the contract's business: every field the contract makes
 * nullable or optional is null or absent in one record of every {@value SchemaCoverage#PERIOD} (per
 * interview, application or pool entry), and enum values are spread evenly. The interview's own
 * {@code remote_deleted_at} (set exactly on deleted records) and {@code application_id} (null exactly without
 * an application) keep their meaning.
 */
final class InterviewGenerator {

    static final int JOB_POOL = 12;
    static final int USER_POOL = 40;
    static final int STAGE_POOL = 6;
    private static final int REMOTE_ID_OFFSET = 100_001;
    private static final int INTERVIEWS_PER_APPLICATION = 2;
    private static final int MAX_EMAILS = 2;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private static final long SALT_TIMELINE = 0x1F;
    private static final long SALT_SHAPE = 0x2E;
    private static final long SALT_APPLICATION = 0x3D;
    private static final long SALT_POOLS = 0x4C;
    private static final long SALT_CANDIDATE = 0x5B;

    private static final InterviewSchema CONTRACT = InterviewSchema.CONTRACT;
    private static final Field REMOTE_ID = CONTRACT.field("remote_id");
    private static final Field TITLE = CONTRACT.field("title");
    private static final Field STARTING_AT = CONTRACT.field("starting_at");
    private static final Field ENDING_AT = CONTRACT.field("ending_at");
    private static final Field LOCATION = CONTRACT.field("location");
    private static final List<Field> LOCATION_FIELDS = List.of(CONTRACT.field("location.city"),
            CONTRACT.field("location.country"), CONTRACT.field("location.raw"), CONTRACT.field("location.state"),
            CONTRACT.field("location.street_1"), CONTRACT.field("location.street_2"),
            CONTRACT.field("location.zip_code"));
    private static final Field VIDEO_CONFERENCING_URL = CONTRACT.field("video_conferencing_url");
    private static final Field STAGE_ID = CONTRACT.field("stage_id");
    private static final Field CANCELED = CONTRACT.field("canceled");
    private static final Field REMOTE_CREATED_AT = CONTRACT.field("remote_created_at");
    private static final Field REMOTE_UPDATED_AT = CONTRACT.field("remote_updated_at");
    private static final Field REMOTE_DATA = CONTRACT.field("remote_data");
    private static final Field CHANGED_AT = CONTRACT.field("changed_at");
    private static final Field USER_REMOTE_ID = CONTRACT.field("users[].remote_id");
    private static final Field USER_FIRST_NAME = CONTRACT.field("users[].first_name");
    private static final Field USER_LAST_NAME = CONTRACT.field("users[].last_name");
    private static final Field USER_EMAIL = CONTRACT.field("users[].email");
    private static final Field APPLICATION = CONTRACT.field("application");
    private static final Field APPLICATION_REMOTE_ID = CONTRACT.field("application.remote_id");
    private static final Field OUTCOME = CONTRACT.field("application.outcome");
    private static final Field REJECTION_REASON = CONTRACT.field("application.rejection_reason_name");
    private static final Field CANDIDATE = CONTRACT.field("application.candidate");
    private static final Field CANDIDATE_REMOTE_ID = CONTRACT.field("application.candidate.remote_id");
    private static final Field CANDIDATE_FIRST_NAME = CONTRACT.field("application.candidate.first_name");
    private static final Field CANDIDATE_LAST_NAME = CONTRACT.field("application.candidate.last_name");
    private static final Field EMAIL_ADDRESSES = CONTRACT.field("application.candidate.email_addresses");
    private static final Field EMAIL_ADDRESS = CONTRACT.field("application.candidate.email_addresses[].email_address");
    private static final Field EMAIL_TYPE = CONTRACT.field("application.candidate.email_addresses[].type");
    private static final Field JOB = CONTRACT.field("application.job");
    private static final Field JOB_REMOTE_ID = CONTRACT.field("application.job.remote_id");
    private static final Field JOB_NAME = CONTRACT.field("application.job.name");

    private static final String[][] FIRST_NAMES = {
            {"Zoë", "zoe"}, {"José", "jose"}, {"Søren", "soren"}, {"Łukasz", "lukasz"}, {"François", "francois"},
            {"Mei", "mei"}, {"伟", "wei"}, {"さくら", "sakura"}, {"Ólafur", "olafur"}, {"Chloé", "chloe"},
            {"Ayşe", "ayse"}, {"Björn", "bjorn"}, {"Priya", "priya"}, {"Oluwaseun", "oluwaseun"},
            {"Renée", "renee"}, {"Jürgen", "juergen"}, {"Ana-María", "ana-maria"}, {"Siobhán", "siobhan"},
            {"Kateřina", "katerina"}, {"Δημήτρης", "dimitris"}, {"Иван", "ivan"}, {"Sam 🌈", "sam"},
            {"Noa ✨", "noa"}, {"John", "john"}};
    private static final String[][] LAST_NAMES = {
            {"Ångström", "angstrom"}, {"Müller", "mueller"}, {"O'Brien", "o'brien"}, {"Nguyễn", "nguyen"},
            {"王", "wang"}, {"佐藤", "sato"}, {"Kowalczyk", "kowalczyk"}, {"Dvořák", "dvorak"},
            {"García Márquez", "garcia.marquez"}, {"Øster", "oster"}, {"Çelik", "celik"}, {"Schäfer", "schaefer"},
            {"Papadopoulos", "papadopoulos"}, {"Иванова", "ivanova"}, {"Okafor", "okafor"}, {"Lee 🎉", "lee"},
            {"Doe", "doe"}, {"Fernández", "fernandez"}};
    private static final String[] INTERVIEW_TYPES = {
            "Technical interview", "Phone screen", "Hiring manager interview", "Onsite: system design",
            "Culture add conversation", "Entretien final", "Fachgespräch", "最終面接", "Take-home review 💻",
            "Reference call", "Case study presentation", "Pair programming"};
    private static final String[] JOB_NAMES = {
            "Backend Engineer", "Senior Frontend Engineer (m/w/d)", "Product Designer", "Data Scientist",
            "Développeur·se Java", "Engineering Manager", "DevOps Engineer – Zürich", "Talent Partner",
            "カスタマーサクセス", "Site Reliability Engineer", "QA Engineer", "Head of People 🌱"};
    private static final String[] DOMAINS = {"example.com", "kombo-sandbox.dev", "mail.example.org", "acme.io"};
    /** {city, country, raw, state, street_1, street_2, zip_code}, as {@link Location}. */
    private static final String[][] LOCATIONS = {
            {"Berlin", "DE", "Lohmühlenstraße 65, 12435 Berlin, Germany", "Berlin", "Lohmühlenstraße 65", null, "12435"},
            {"München", "DE", "Leopoldstraße 1, 80802 München", "Bayern", "Leopoldstraße 1", "3. OG", "80802"},
            {"Zürich", "CH", "Bahnhofstrasse 10, 8001 Zürich", "ZH", "Bahnhofstrasse 10", null, "8001"},
            {"São Paulo", "BR", "Av. Paulista, 1578 - Bela Vista, São Paulo", "SP", "Av. Paulista, 1578", "Bela Vista",
                    "01310-200"},
            {"東京", "JP", "東京都渋谷区道玄坂1-2-3", "東京都", "道玄坂1-2-3", null, "150-0043"},
            {"Kraków", "PL", "ul. Floriańska 3, 31-019 Kraków", null, "ul. Floriańska 3", null, "31-019"},
            {null, null, "Meeting room Ørsted, 3rd floor", null, null, null, null},
            {"Paris", "France", "12 Rue de Rivoli, Paris", "Île-de-France", "12 Rue de Rivoli", null, null}};
    private static final String[] REJECTION_REASONS = {"Position filled", "Candidate withdrew",
            "Gehaltsvorstellung zu hoch", "Not enough experience"};
    private static final String[] EMAIL_TYPES = {"PRIVATE", "WORK"};

    private final KomboIds ids;
    private final long seed;
    private final int deletedEvery;
    private final long horizonMillis;
    private final SchemaCoverage coverage;
    private final List<User> users;
    private final List<Job> jobs;
    private final List<String> stageIds;

    InterviewGenerator(long seed, int deletedEvery, Instant horizon, boolean schemaDrift) {
        this.ids = new KomboIds(seed);
        this.seed = seed;
        this.deletedEvery = deletedEvery;
        this.horizonMillis = horizon.toEpochMilli();
        this.coverage = new SchemaCoverage(seed, schemaDrift);
        this.users = buildUsers();
        this.jobs = buildJobs();
        List<String> stages = new ArrayList<>();
        for (int i = 0; i < STAGE_POOL; i++) {
            stages.add(ids.id(Kind.STAGE, i));
        }
        this.stageIds = List.copyOf(stages);
    }

    KomboIds ids() {
        return ids;
    }

    List<User> users() {
        return users;
    }

    List<Job> jobs() {
        return jobs;
    }

    boolean isDeleted(int index) {
        return deletedEvery > 0 && (index + 1) % deletedEvery == 0;
    }

    /** Interview remote ids are numeric strings, or null where the contract's null falls. */
    String remoteId(int index) {
        return coverage.orNull(REMOTE_ID, index, Integer.toString(REMOTE_ID_OFFSET + index));
    }

    /** Inverse of {@link #remoteId}, or -1. */
    int indexOfRemoteId(String remoteId) {
        if (remoteId == null || remoteId.isEmpty() || remoteId.length() > 10 || !remoteId.chars().allMatch(
                c -> c >= '0' && c <= '9') || remoteId.charAt(0) == '0') {
            return -1;
        }
        long index = Long.parseLong(remoteId) - REMOTE_ID_OFFSET;
        return index >= 0 && index <= Integer.MAX_VALUE && remoteId.equals(remoteId((int) index)) ? (int) index : -1;
    }

    /** Pool index of the job behind this interview's application, or -1 when there is no job. */
    int jobIndex(int index) {
        int application = index / INTERVIEWS_PER_APPLICATION;
        if (coverage.isNull(APPLICATION, application) || coverage.isNull(JOB, application)) {
            return -1;
        }
        return stream(application, SALT_APPLICATION).nextInt(JOB_POOL); // the first draw of application()
    }

    long updatedAtMillis(int index) {
        return timeline(index).updated;
    }

    Interview generate(int index) {
        Timeline t = timeline(index);
        SplittableRandom random = stream(index, SALT_SHAPE);
        int application = index / INTERVIEWS_PER_APPLICATION;
        SplittableRandom candidateName = stream(application, SALT_CANDIDATE);
        String[] first = pick(candidateName, FIRST_NAMES);
        String[] last = pick(candidateName, LAST_NAMES);
        String title = coverage.orNull(TITLE, index, pick(random, INTERVIEW_TYPES) + " – " + first[0] + " " + last[0]);
        String[] place = pick(random, LOCATIONS);
        Location location = coverage.isNull(LOCATION, index) ? null : location(place, index);
        String video = coverage.orNull(VIDEO_CONFERENCING_URL, index,
                "https://meet.example.com/" + ids.id(Kind.INTERVIEW, index).substring(13).toLowerCase());
        String stageId = coverage.orNull(STAGE_ID, index, stageIds.get(random.nextInt(STAGE_POOL)));
        Boolean canceled = coverage.orNull(CANCELED, index, random.nextInt(10) == 0);
        String remoteId = remoteId(index);
        RemoteData remoteData = coverage.orNull(REMOTE_DATA, index,
                new RemoteData("/interviews/" + (remoteId == null ? "draft-" + index : remoteId), remoteId,
                        canceled == Boolean.TRUE ? "cancelled" : "scheduled", title));
        List<User> interviewers = pickUsers(random);
        Map<String, String> extraFields = coverage.driftsRecord(index)
                ? Map.of(SchemaCoverage.DRIFT_FIELD, "a field Kombo added after this contract") : Map.of();
        return new Interview(index, ids.id(Kind.INTERVIEW, index), remoteId, title,
                instant(STARTING_AT, index, t.start), instant(ENDING_AT, index, t.end), location, video, stageId,
                canceled, instant(REMOTE_CREATED_AT, index, t.remoteCreated),
                instant(REMOTE_UPDATED_AT, index, t.remoteUpdated), remoteData, instant(CHANGED_AT, index, t.changed),
                t.deleted < 0 ? null : Instant.ofEpochMilli(t.deleted), interviewers,
                application(application, first, last), Instant.ofEpochMilli(t.updated), 0,
                coverage.absent(CONTRACT.record(), index), extraFields);
    }

    private Location location(String[] sample, int index) {
        String[] values = new String[LOCATION_FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = coverage.orNull(LOCATION_FIELDS.get(i), index, sample[i]);
        }
        return new Location(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                coverage.absent(LOCATION.properties(), index));
    }

    private Application application(int application, String[] first, String[] last) {
        if (coverage.isNull(APPLICATION, application)) {
            return null;
        }
        SplittableRandom random = stream(application, SALT_APPLICATION);
        int jobIndex = random.nextInt(JOB_POOL);
        Job job = coverage.isNull(JOB, application) ? null : jobs.get(jobIndex);
        String outcome = coverage.pick(OUTCOME, application);
        String reason = pick(random, REJECTION_REASONS); // drawn whatever the outcome, so later draws stay put
        String rejection = "DECLINED".equals(outcome) ? coverage.orNull(REJECTION_REASON, application, reason) : null;
        Candidate candidate = coverage.isNull(CANDIDATE, application) ? null
                : new Candidate(ids.id(Kind.CANDIDATE, application),
                coverage.orNull(CANDIDATE_REMOTE_ID, application, "cand-" + (50_000 + application)),
                coverage.orNull(CANDIDATE_FIRST_NAME, application, first[0]),
                coverage.orNull(CANDIDATE_LAST_NAME, application, last[0]),
                coverage.isNull(EMAIL_ADDRESSES, application) ? null
                        : candidateEmails(random, first[1], last[1], application),
                coverage.absent(CANDIDATE.properties(), application));
        return new Application(ids.id(Kind.APPLICATION, application),
                coverage.orNull(APPLICATION_REMOTE_ID, application, "app-" + (70_000 + application)),
                outcome, rejection, candidate, job, coverage.absent(APPLICATION.properties(), application));
    }

    /** None, one or two addresses (ASCII: the contract's pattern is); entry {@code e} is keyed {@code n * 2 + e}. */
    private List<EmailAddress> candidateEmails(SplittableRandom random, String first, String last, int n) {
        int draw = random.nextInt(10);
        int count = draw == 0 ? 0 : draw < 8 ? 1 : 2;
        List<EmailAddress> emails = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            long key = (long) n * MAX_EMAILS + e;
            String address = e == 0 ? first + "." + last + "+" + n + "@" + pick(random, DOMAINS)
                    : first.charAt(0) + last + n + "@example.com";
            emails.add(new EmailAddress(coverage.orNull(EMAIL_ADDRESS, key, address),
                    coverage.orNull(EMAIL_TYPE, key, pick(random, EMAIL_TYPES)),
                    coverage.absent(EMAIL_ADDRESSES.properties(), key)));
        }
        return emails;
    }

    private List<User> pickUsers(SplittableRandom random) {
        int count = random.nextInt(4);
        List<User> picked = new ArrayList<>(count);
        int start = random.nextInt(USER_POOL);
        for (int i = 0; i < count; i++) {
            picked.add(users.get((start + i * 7) % USER_POOL)); // stride keeps interviewers distinct
        }
        return picked;
    }

    private List<User> buildUsers() {
        Field usersField = CONTRACT.field("users");
        List<User> pool = new ArrayList<>(USER_POOL);
        for (int i = 0; i < USER_POOL; i++) {
            SplittableRandom random = stream(i, SALT_POOLS);
            String[] first = pick(random, FIRST_NAMES);
            String[] last = pick(random, LAST_NAMES);
            String email = first[1] + "." + last[1] + "@" + pick(random, DOMAINS);
            pool.add(new User(ids.id(Kind.USER, i), coverage.orNull(USER_REMOTE_ID, i, "user-" + (900 + i)),
                    coverage.orNull(USER_FIRST_NAME, i, first[0]), coverage.orNull(USER_LAST_NAME, i, last[0]),
                    coverage.orNull(USER_EMAIL, i, email), coverage.absent(usersField.properties(), i)));
        }
        return List.copyOf(pool);
    }

    private List<Job> buildJobs() {
        List<Job> pool = new ArrayList<>(JOB_POOL);
        for (int i = 0; i < JOB_POOL; i++) {
            pool.add(new Job(ids.id(Kind.JOB, i), coverage.orNull(JOB_REMOTE_ID, i, Integer.toString(4_000 + i)),
                    coverage.orNull(JOB_NAME, i, JOB_NAMES[i]), coverage.absent(JOB.properties(), i)));
        }
        return List.copyOf(pool);
    }

    private Instant instant(Field field, int index, long millis) {
        return coverage.isNull(field, index) ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * All instants of one record, in epoch millis ({@code deleted} -1 when live). Everything lies before the
     * horizon; {@code updated} exceeds {@code changed} for one record in eight to emulate nested-data changes.
     */
    private Timeline timeline(int index) {
        SplittableRandom random = stream(index, SALT_TIMELINE);
        long created = horizonMillis - 20 * DAY - random.nextLong(700 * DAY);
        long start = (created + DAY + random.nextLong(14 * DAY)) / (15 * MINUTE) * (15 * MINUTE);
        long end = start + (30 + 15L * random.nextInt(5)) * MINUTE;
        long remoteUpdated = created + random.nextLong((horizonMillis - created) / 2);
        long changed = remoteUpdated + 1_000 + random.nextLong(HOUR);
        long deleted = -1;
        if (isDeleted(index)) {
            deleted = changed + random.nextLong((horizonMillis - changed) / 2);
            changed = deleted;
        }
        long updated = random.nextInt(8) == 0 ? changed + 1 + random.nextLong(horizonMillis - changed - 1) : changed;
        return new Timeline(created, start, end, remoteUpdated, changed, deleted, updated);
    }

    private record Timeline(long remoteCreated, long start, long end, long remoteUpdated, long changed, long deleted,
                            long updated) {
    }

    private SplittableRandom stream(int index, long salt) {
        return new SplittableRandom(KomboIds.mix(seed ^ (index * 0x9E3779B97F4A7C15L) ^ (salt << 56)));
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
