package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The most recent requests (a bounded ring buffer) and a GET counter per integration. */
public final class RequestLog {

    /**
     * @param headers selected request headers; Authorization is masked as {@code Bearer ***}
     * @param durationMillis from arrival until the answer's status went out
     * @param logId   id in the error body's {@code log_url}, null when the answer carried none
     */
    public record Entry(Instant time, String method, String path, String query, Map<String, String> headers,
                        int status, long durationMillis, String logId) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private final Map<String, LongAdder> getsPerIntegration = new ConcurrentHashMap<>();

    RequestLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** Up to {@code limit} entries, newest first. */
    public synchronized List<Entry> recent(int limit) {
        List<Entry> recent = new ArrayList<>(Math.min(limit, entries.size()));
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && recent.size() < limit; ) {
            recent.add(it.next());
        }
        return recent;
    }

    public synchronized Optional<Entry> byLogId(String logId) {
        return entries.stream().filter(e -> logId.equals(e.logId())).findFirst();
    }

    /** GET requests to the interviews endpoint that named this integration, whatever their answer. */
    public long gets(String integrationId) {
        LongAdder count = getsPerIntegration.get(integrationId);
        return count == null ? 0 : count.sum();
    }

    public Map<String, Long> getsPerIntegration() {
        Map<String, Long> view = new TreeMap<>();
        getsPerIntegration.forEach((id, count) -> view.put(id, count.sum()));
        return view;
    }

    /** Forgets entries and counters, e.g. between test cases. */
    public synchronized void clear() {
        entries.clear();
        getsPerIntegration.clear();
    }

    void countGet(String integrationId) {
        getsPerIntegration.computeIfAbsent(integrationId, id -> new LongAdder()).increment();
    }

    synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }
}
