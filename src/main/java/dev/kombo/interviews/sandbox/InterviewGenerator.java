package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.sandbox.Interview.Application;
import dev.kombo.interviews.sandbox.Interview.Candidate;
import dev.kombo.interviews.sandbox.Interview.EmailAddress;
import dev.kombo.interviews.sandbox.Interview.Job;
import dev.kombo.interviews.sandbox.Interview.Location;
import dev.kombo.interviews.sandbox.Interview.RemoteData;
import dev.kombo.interviews.sandbox.Interview.User;
import dev.kombo.interviews.sandbox.KomboIds.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Derives interview number {@code index} of one integration from its seed alone, so a million records
 * cost no memory. The cheap accessors ({@link #isDeleted}, {@link #updatedAtMillis}, {@link #jobIndex},
 * {@link #remoteId}) let the store filter without building whole records; they agree with
 * {@link #generate} by construction because both draw from the same salted streams.
 */
final class InterviewGenerator {

    static final int JOB_POOL = 12;
    static final int USER_POOL = 40;
    static final int STAGE_POOL = 6;
    private static final int REMOTE_ID_OFFSET = 100_001;
    private static final int INTERVIEWS_PER_APPLICATION = 2;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private static final long SALT_TIMELINE = 0x1F;
    private static final long SALT_SHAPE = 0x2E;
    private static final long SALT_APPLICATION = 0x3D;
    private static final long SALT_POOLS = 0x4C;
    private static final long SALT_CANDIDATE = 0x5B;

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
    private static final Location[] LOCATIONS = {
            new Location("Berlin", "DE", "Lohmühlenstraße 65, 12435 Berlin, Germany", "Berlin",
                    "Lohmühlenstraße 65", null, "12435"),
            new Location("München", "DE", "Leopoldstraße 1, 80802 München", "Bayern", "Leopoldstraße 1",
                    "3. OG", "80802"),
            new Location("Zürich", "CH", "Bahnhofstrasse 10, 8001 Zürich", "ZH", "Bahnhofstrasse 10", null, "8001"),
            new Location("São Paulo", "BR", "Av. Paulista, 1578 - Bela Vista, São Paulo", "SP", "Av. Paulista, 1578",
                    "Bela Vista", "01310-200"),
            new Location("東京", "JP", "東京都渋谷区道玄坂1-2-3", "東京都", "道玄坂1-2-3", null, "150-0043"),
            new Location("Kraków", "PL", "ul. Floriańska 3, 31-019 Kraków", null, "ul. Floriańska 3", null, "31-019"),
            new Location(null, null, "Meeting room Ørsted, 3rd floor", null, null, null, null),
            new Location("Paris", "France", "12 Rue de Rivoli, Paris", "Île-de-France", "12 Rue de Rivoli", null,
                    null)};
    private static final String[] OUTCOMES = {"PENDING", "PENDING", "PENDING", "HIRED", "DECLINED"};
    private static final String[] REJECTION_REASONS = {"Position filled", "Candidate withdrew",
            "Gehaltsvorstellung zu hoch", "Not enough experience"};
    private static final String[] EMAIL_TYPES = {"PRIVATE", "WORK", null};

    private final KomboIds ids;
    private final long seed;
    private final int deletedEvery;
    private final long horizonMillis;
    private final List<User> users;
    private final List<Job> jobs;
    private final List<String> stageIds;

    InterviewGenerator(long seed, int deletedEvery, Instant horizon) {
        this.ids = new KomboIds(seed);
        this.seed = seed;
        this.deletedEvery = deletedEvery;
        this.horizonMillis = horizon.toEpochMilli();
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

    /** Interview remote ids are numeric strings; about one in 25 records has none. */
    String remoteId(int index) {
        return stream(index, SALT_SHAPE).nextInt(25) == 0 ? null : Integer.toString(REMOTE_ID_OFFSET + index);
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
        SplittableRandom random = stream(application, SALT_APPLICATION);
        if (random.nextInt(40) == 0 || random.nextInt(30) == 0) { // no application / no job
            return -1;
        }
        return random.nextInt(JOB_POOL);
    }

    long updatedAtMillis(int index) {
        return timeline(index).updated;
    }

    Interview generate(int index) {
        Timeline t = timeline(index);
        SplittableRandom random = stream(index, SALT_SHAPE);
        boolean noRemoteId = random.nextInt(25) == 0; // same draw as remoteId(index)
        int application = index / INTERVIEWS_PER_APPLICATION;
        SplittableRandom candidateName = stream(application, SALT_CANDIDATE);
        String[] first = pick(candidateName, FIRST_NAMES);
        String[] last = pick(candidateName, LAST_NAMES);
        String type = pick(random, INTERVIEW_TYPES);
        String title = random.nextInt(20) == 0 ? null : type + " – " + first[0] + " " + last[0];
        Location location = random.nextInt(10) < 3 ? null : pick(random, LOCATIONS);
        String video = random.nextInt(3) == 0 ? null
                : "https://meet.example.com/" + ids.id(Kind.INTERVIEW, index).substring(13).toLowerCase();
        String stageId = random.nextInt(6) == 0 ? null : stageIds.get(random.nextInt(STAGE_POOL));
        int cancelDraw = random.nextInt(10);
        Boolean canceled = cancelDraw == 0 ? null : cancelDraw == 1;
        String remoteId = noRemoteId ? null : Integer.toString(REMOTE_ID_OFFSET + index);
        RemoteData remoteData = random.nextInt(4) != 0 ? null
                : new RemoteData("/interviews/" + (remoteId == null ? "draft-" + index : remoteId),
                remoteId, canceled == Boolean.TRUE ? "cancelled" : "scheduled", title);
        List<User> interviewers = pickUsers(random);
        return new Interview(index, ids.id(Kind.INTERVIEW, index), remoteId, title,
                Instant.ofEpochMilli(t.start), Instant.ofEpochMilli(t.end), location, video, stageId, canceled,
                t.remoteCreated < 0 ? null : Instant.ofEpochMilli(t.remoteCreated),
                t.remoteUpdated < 0 ? null : Instant.ofEpochMilli(t.remoteUpdated),
                remoteData, Instant.ofEpochMilli(t.changed), t.deleted < 0 ? null : Instant.ofEpochMilli(t.deleted),
                interviewers, application(application, first, last),
                Instant.ofEpochMilli(t.updated), 0);
    }

    private Application application(int application, String[] first, String[] last) {
        SplittableRandom random = stream(application, SALT_APPLICATION);
        if (random.nextInt(40) == 0) {
            return null;
        }
        boolean noJob = random.nextInt(30) == 0;
        Job job = noJob ? null : jobs.get(random.nextInt(JOB_POOL));
        String outcome = pick(random, OUTCOMES);
        String rejection = "DECLINED".equals(outcome) && random.nextBoolean() ? pick(random, REJECTION_REASONS) : null;
        Candidate candidate = random.nextInt(25) == 0 ? null : new Candidate(ids.id(Kind.CANDIDATE, application),
                "cand-" + (50_000 + application),
                random.nextInt(30) == 0 ? null : first[0],
                random.nextInt(30) == 0 ? null : last[0],
                candidateEmails(random, first[1], last[1], application));
        return new Application(ids.id(Kind.APPLICATION, application),
                random.nextInt(20) == 0 ? null : "app-" + (70_000 + application),
                outcome, rejection, candidate, job);
    }

    private static List<EmailAddress> candidateEmails(SplittableRandom random, String first, String last, int n) {
        int draw = random.nextInt(10);
        if (draw == 0) {
            return null;
        }
        List<EmailAddress> emails = new ArrayList<>(2);
        if (draw > 1) {
            emails.add(new EmailAddress(first + "." + last + "+" + n + "@" + pick(random, DOMAINS),
                    pick(random, EMAIL_TYPES)));
        }
        if (draw > 7) {
            emails.add(new EmailAddress(random.nextBoolean() ? null : first.charAt(0) + last + n + "@example.com",
                    pick(random, EMAIL_TYPES)));
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
        List<User> pool = new ArrayList<>(USER_POOL);
        for (int i = 0; i < USER_POOL; i++) {
            SplittableRandom random = stream(i, SALT_POOLS);
            String[] first = pick(random, FIRST_NAMES);
            String[] last = pick(random, LAST_NAMES);
            String email = random.nextInt(8) == 0 ? null : first[1] + "." + last[1] + "@" + pick(random, DOMAINS);
            pool.add(new User(ids.id(Kind.USER, i), random.nextInt(10) == 0 ? null : "user-" + (900 + i),
                    random.nextInt(15) == 0 ? null : first[0], random.nextInt(15) == 0 ? null : last[0], email));
        }
        return List.copyOf(pool);
    }

    private List<Job> buildJobs() {
        List<Job> pool = new ArrayList<>(JOB_POOL);
        for (int i = 0; i < JOB_POOL; i++) {
            pool.add(new Job(ids.id(Kind.JOB, i), Integer.toString(4_000 + i), i == 7 ? null : JOB_NAMES[i]));
        }
        return List.copyOf(pool);
    }

    /**
     * All instants of one record, in epoch millis, -1 for null. Everything lies before the horizon;
     * {@code updated} exceeds {@code changed} for one record in eight to emulate nested-data changes.
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
        long remoteCreatedAt = random.nextInt(15) == 0 ? -1 : created;
        long remoteUpdatedAt = random.nextInt(15) == 0 ? -1 : remoteUpdated;
        return new Timeline(remoteCreatedAt, start, end, remoteUpdatedAt, changed, deleted, updated);
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
