package dev.kombo.interviews.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The state of one integration's sync run while it pages through Kombo; lives on the exchange. */
public final class SyncRun {

    /** Kombo's documented format for updated_after: {@code YYYY-MM-DDTHH:mm:ss.sssZ}. */
    public static final DateTimeFormatter KOMBO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Integration integration;
    private final String startedAt;
    private final String updatedAfter;
    private final long startNanos = System.nanoTime();
    private final Set<String> seenCursors = new HashSet<>();
    private final Map<String, Long> deliveredPerSink = new LinkedHashMap<>();
    private final Map<String, Long> unknownValues = new java.util.TreeMap<>();
    private final boolean resumed;
    private final int pagesAtStart;
    private String cursor;
    private boolean morePages = true;
    private int pagesDone;
    private long recordsDone;
    private long deletedDone;
    private long rejectedDone;
    private long pageStartNanos;
    private InterviewPage currentPage;

    SyncRun(Integration integration, Instant startedAt, String updatedAfter) {
        this(integration, KOMBO_TIME.format(startedAt), updatedAfter, null, 0, 0, 0, 0, false);
    }

    /** A run resumed from its checkpoint: its counts continue where the interrupted process left them. */
    SyncRun(Integration integration, String startedAt, String updatedAfter, String cursor, int pagesDone,
            long recordsDone, long deletedDone, long rejectedDone, boolean resumed) {
        this.integration = integration;
        this.startedAt = startedAt;
        this.updatedAfter = updatedAfter;
        this.cursor = cursor;
        this.pagesDone = pagesDone;
        this.recordsDone = recordsDone;
        this.deletedDone = deletedDone;
        this.rejectedDone = rejectedDone;
        this.resumed = resumed;
        this.pagesAtStart = pagesDone;
        // a page counts as delivered only once every sink has it, so each sink has every record done so far
        integration.sinks().forEach(sink -> deliveredPerSink.put(sink, recordsDone));
    }

    public Integration integration() {
        return integration;
    }

    /** The watermark this run will store once everything is delivered: the time it started. */
    public String startedAt() {
        return startedAt;
    }

    public String updatedAfter() {
        return updatedAfter;
    }

    public String runId() {
        return runId(KOMBO_TIME.parse(startedAt, Instant::from));
    }

    /** The compact form of a time that names a run's files: {@code 20261125T093000123Z}. */
    static String runId(Instant at) {
        return RUN_ID.format(at);
    }

    public boolean hasMorePages() {
        return morePages;
    }

    public boolean resumed() {
        return resumed;
    }

    /** Whether this process delivered any page of the run yet. */
    public boolean progressed() {
        return pagesDone > pagesAtStart;
    }

    public int nextPageNumber() {
        return pagesDone + 1;
    }

    public String where() {
        return where(nextPageNumber());
    }

    String where(int pageNumber) {
        return "integration '" + integration.name() + "' page " + pageNumber;
    }

    /**
     * The query of the GET for the page at {@code pageCursor}: the same filters on every page, plus the cursor
     * after the first. Reads only what never changes during the run.
     */
    String query(String pageCursor) {
        StringBuilder query = new StringBuilder();
        add(query, "page_size", String.valueOf(integration.pageSize()));
        add(query, "include_deleted", String.valueOf(integration.includeDeleted()));
        add(query, "updated_after", updatedAfter);
        add(query, "ids", integration.ids());
        add(query, "remote_ids", integration.remoteIds());
        add(query, "job_ids", integration.jobIds());
        add(query, "ignore_unsupported_filters", integration.ignoreUnsupportedFilters());
        add(query, "cursor", pageCursor);
        return query.toString();
    }

    private static void add(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() == 0 ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    void pageRequested() {
        pageStartNanos = System.nanoTime();
    }

    /**
     * Takes a fetched page and decides whether there is another. A cursor seen before in this run, or more
     * pages than {@code maxPages}, fails the run: looping forever would never advance the watermark anyway.
     */
    InterviewPage accept(PageReader.Page page, int maxPages) {
        currentPage = new InterviewPage(integration.name(), integration.id(), runId(), nextPageNumber(),
                page.records());
        String next = page.next();
        if (next != null) {
            if (next.equals(cursor) || !seenCursors.add(next)) {
                throw new SyncGuardException(where() + ": Kombo returned a cursor already seen in this run "
                        + "(cursor cycle after " + seenCursors.size() + " distinct cursors); stopping instead of looping");
            }
            if (nextPageNumber() >= maxPages) {
                throw new SyncGuardException(where() + ": more than kombo.sync.max-pages=" + maxPages
                        + " pages; stopping (raise the limit if the data set really is this large)");
            }
        }
        return currentPage;
    }

    /** The current page reached every sink: move on to the next cursor. */
    void delivered(String nextCursor, long rejected) {
        pagesDone++;
        recordsDone += currentPage.records().size();
        deletedDone += currentPage.deletedCount();
        rejectedDone += rejected;
        integration.sinks().forEach(sink -> deliveredPerSink.merge(sink, (long) currentPage.records().size(), Long::sum));
        cursor = nextCursor;
        morePages = nextCursor != null;
        currentPage = null;
    }

    public InterviewPage currentPage() {
        return currentPage;
    }

    public String cursor() {
        return cursor;
    }

    public int pagesDone() {
        return pagesDone;
    }

    public long recordsDone() {
        return recordsDone;
    }

    public long deletedDone() {
        return deletedDone;
    }

    public long rejectedDone() {
        return rejectedDone;
    }

    public Map<String, Long> deliveredPerSink() {
        return deliveredPerSink;
    }

    /**
     * Counts a delivered record's field or enum value the contract does not know yet.
     *
     * @return true the first time this run meets it (the one time it is logged)
     */
    boolean unknownSeen(PageReader.Unknown unknown) {
        return unknownValues.merge(unknown.kind().label() + " " + unknown.field(), 1L, Long::sum) == 1L;
    }

    /** Per {@code "<kind> <field>"}: how many delivered records of this run carried it. */
    public Map<String, Long> unknownValues() {
        return unknownValues;
    }

    public long pageElapsedMillis() {
        return (System.nanoTime() - pageStartNanos) / 1_000_000;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A run that must stop: cursor cycle or too many pages. */
    public static final class SyncGuardException extends RuntimeException {
        public SyncGuardException(String message) {
            super(message);
        }
    }
}
