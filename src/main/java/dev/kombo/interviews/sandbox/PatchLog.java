package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every PATCH the sandbox received (a bounded ring buffer, whatever the answer) and how often each
 * interview was actually updated, so a test can prove a client never applied an update twice. Thread-safe.
 */
public final class PatchLog {

    /**
     * One PATCH as received and answered.
     *
     * @param integrationId  the {@code X-Integration-Id} header (null if missing)
     * @param applicationId  the {@code {application_id}} path segment, URL-decoded
     * @param headers        every request header, canonical names; Authorization masked as {@code Bearer ***}
     * @param idempotencyKey the {@code Idempotency-Key} header, null if not sent
     * @param body           the raw body as UTF-8 (cut at 64 KiB)
     * @param status         the HTTP status answered
     * @param interviewId    the updated interview, null unless {@code applied}
     * @param applied        whether the store was changed (true also for TASK_TIMED_OUT_APPLIED's 504)
     */
    public record Entry(Instant time, String integrationId, String applicationId, Map<String, String> headers,
                        String idempotencyKey, String body, int status, String interviewId, boolean applied,
                        long durationMillis) {
        public Entry {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private final Map<String, Map<String, LongAdder>> applied = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();

    PatchLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** The kept PATCHes, oldest first. */
    public synchronized List<Entry> all() {
        return new ArrayList<>(entries);
    }

    /** Up to {@code limit} PATCHes, newest first. */
    public synchronized List<Entry> recent(int limit) {
        List<Entry> recent = new ArrayList<>(Math.min(limit, entries.size()));
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && recent.size() < limit; ) {
            recent.add(it.next());
        }
        return recent;
    }

    /** PATCHes received since start or {@link #clear()}, including those the ring buffer dropped. */
    public long received() {
        return received.sum();
    }

    /** Updates actually applied to this integration's interviews. */
    public long appliedCount(String integrationId) {
        Map<String, LongAdder> perInterview = applied.get(integrationId);
        return perInterview == null ? 0 : perInterview.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Updates actually applied to one interview: 1 after a client's single logical update, never 2. */
    public long appliedCount(String integrationId, String interviewId) {
        Map<String, LongAdder> perInterview = applied.get(integrationId);
        LongAdder count = perInterview == null ? null : perInterview.get(interviewId);
        return count == null ? 0 : count.sum();
    }

    /** Interview id to applied updates, for one integration. */
    public Map<String, Long> appliedPerInterview(String integrationId) {
        Map<String, Long> view = new TreeMap<>();
        Map<String, LongAdder> perInterview = applied.get(integrationId);
        if (perInterview != null) {
            perInterview.forEach((id, count) -> view.put(id, count.sum()));
        }
        return view;
    }

    /** Forgets entries and counters, e.g. between test cases. */
    public synchronized void clear() {
        entries.clear();
        applied.clear();
        received.reset();
    }

    void countApplied(String integrationId, String interviewId) {
        applied.computeIfAbsent(integrationId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(interviewId, id -> new LongAdder()).increment();
    }

    synchronized void add(Entry entry) {
        received.increment();
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }
}
