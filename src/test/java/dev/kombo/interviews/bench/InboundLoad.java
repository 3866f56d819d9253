package dev.kombo.interviews.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Load on a {@code PATCH /ats/applications/{application_id}/interviews} endpoint: the bundle's inbound HTTP
 * route, or the sandbox itself for the direct figure. Every request is a valid update of a real sandbox
 * interview, taken from the first page of {@code GET /ats/interviews} of the sandbox.
 *
 * <pre>
 * InboundLoad --url URL [--api-key KEY] --integration-id ID [--sandbox-url URL --sandbox-key KEY]
 *             --mode latency [--requests 2000] | --mode throughput [--clients 16] [--seconds 30]
 *             [--warmup-seconds 5]
 * </pre>
 * {@code --url} is the base the PATCH path is appended to ({@code http://127.0.0.1:8080} for the bundle, the
 * sandbox's {@code …/v1} base URL for direct); the sandbox defaults to {@code --url} / {@code --api-key}.
 * Prints one line:
 * {@code RESULT mode=latency n=N p50_us=N p90_us=N p99_us=N max_us=N errors=N} or
 * {@code RESULT mode=throughput clients=N seconds=N requests=N rps=N p50_us=N p99_us=N errors=N}.
 * Requests, rates and percentiles count 2xx answers only; errors are non-2xx answers and exceptions after
 * the warm-up (the first few are printed to stderr, from the warm-up too).
 */
public final class InboundLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRINTED_ERRORS = 5;

    /** One interview to update: where to send its PATCH and the body. */
    private record Target(URI uri, byte[] body) {
    }

    /** Latencies (ns) of one client's successful requests, and its errors. */
    private static final class Samples {
        long[] nanos = new long[1024];
        int count;
        long errors;

        void add(long value) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = value;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String apiKey;
    private final String integrationId;
    private final List<Target> targets;
    /** A fresh prefix per run: the bundle keeps Idempotency-Keys for a day and would replay an old run's. */
    private final String keyPrefix = "bench-" + UUID.randomUUID() + "-";
    /** Shared, so concurrent clients update different interviews. */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger printedErrors = new AtomicInteger();

    private InboundLoad(String apiKey, String integrationId, List<Target> targets) {
        this.apiKey = apiKey;
        this.integrationId = integrationId;
        this.targets = targets;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "url", "api-key", "integration-id", "sandbox-url", "sandbox-key",
                "mode", "requests", "clients", "seconds", "warmup-seconds");
        String url = Args.required(args, "url");
        String integrationId = Args.required(args, "integration-id");
        String sandboxKey = args.getOrDefault("sandbox-key", args.get("api-key"));
        if (sandboxKey == null) {
            throw new IllegalArgumentException("--sandbox-key (or --api-key) is required to read the sandbox");
        }
        List<Target> targets = targets(url, args.getOrDefault("sandbox-url", url), sandboxKey, integrationId);
        InboundLoad load = new InboundLoad(args.get("api-key"), integrationId, targets);
        long warmupNanos = Long.parseLong(args.getOrDefault("warmup-seconds", "5")) * 1_000_000_000L;
        switch (Args.required(args, "mode")) {
            case "latency" -> load.latency(warmupNanos, Integer.parseInt(args.getOrDefault("requests", "2000")));
            case "throughput" -> load.throughput(warmupNanos, Integer.parseInt(args.getOrDefault("clients", "16")),
                    Integer.parseInt(args.getOrDefault("seconds", "30")));
            default -> throw new IllegalArgumentException("--mode is latency or throughput");
        }
    }

    /** One client, one request after the other, so each latency is the endpoint's alone. */
    private void latency(long warmupNanos, int requests) throws InterruptedException {
        long warmupEnd = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < warmupEnd) {
            send();
        }
        Samples samples = new Samples();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            if (send()) {
                samples.add(System.nanoTime() - start);
            } else {
                samples.errors++;
            }
        }
        long[] sorted = sorted(List.of(samples));
        System.out.printf("RESULT mode=latency n=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d%n",
                sorted.length, percentileMicros(sorted, 50), percentileMicros(sorted, 90),
                percentileMicros(sorted, 99), percentileMicros(sorted, 100), samples.errors);
    }

    /**
     * Closed loop: each client sends its next request when the last is answered. A request counts when its
     * answer arrives inside the measured window.
     */
    private void throughput(long warmupNanos, int clients, int seconds) throws InterruptedException {
        long measureStart = System.nanoTime() + warmupNanos;
        long measureEnd = measureStart + seconds * 1_000_000_000L;
        List<Samples> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Samples samples = new Samples();
            all.add(samples);
            threads.add(new Thread(() -> {
                try {
                    while (System.nanoTime() < measureEnd) {
                        long start = System.nanoTime();
                        boolean ok = send();
                        long end = System.nanoTime();
                        if (end >= measureStart && end < measureEnd) {
                            if (ok) {
                                samples.add(end - start);
                            } else {
                                samples.errors++;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "client-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        long[] sorted = sorted(all);
        long errors = all.stream().mapToLong(s -> s.errors).sum();
        System.out.printf("RESULT mode=throughput clients=%d seconds=%d requests=%d rps=%.1f p50_us=%d p99_us=%d"
                + " errors=%d%n", clients, seconds, sorted.length, sorted.length / (double) seconds,
                percentileMicros(sorted, 50), percentileMicros(sorted, 99), errors);
    }

    /** Sends the next update; true when it was answered 2xx. */
    private boolean send() throws InterruptedException {
        long n = sequence.getAndIncrement();
        Target target = targets.get((int) (n % targets.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(target.body()))
                .header("Content-Type", "application/json")
                .header("X-Integration-Id", integrationId)
                .header("Idempotency-Key", keyPrefix + n);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            printError("HTTP " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            printError(e.toString());
        }
        return false;
    }

    private void printError(String error) {
        if (printedErrors.getAndIncrement() < PRINTED_ERRORS) {
            System.err.println("error: " + error);
        }
    }

    /**
     * A valid PATCH for every updatable interview of the sandbox's first page (not deleted, with an
     * application): the body of {@code SampleUpdates.patchBody}, with a user of the integration.
     */
    private static List<Target> targets(String url, String sandboxUrl, String sandboxKey, String integrationId)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandboxUrl
                        + "/ats/interviews?page_size=250&include_deleted=false"))
                .header("Authorization", "Bearer " + sandboxKey)
                .header("X-Integration-Id", integrationId)
                .GET().build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("reading interviews from the sandbox: HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode results = JSON.readTree(response.body()).path("data").path("results");
        String user = null;
        for (JsonNode interview : results) {
            if (user == null && interview.path("users").size() > 0) {
                user = interview.path("users").get(0).path("id").asText();
            }
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode interview : results) {
            if (!interview.path("application_id").isTextual() || user == null) {
                continue;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("interview_id", interview.get("id").asText());
            body.put("title", "Benchmark interview");
            body.put("start_time", "2027-01-15T14:00:00.000Z");
            body.put("end_time", "2027-01-15T15:00:00.000Z");
            body.putArray("interviewer_user_ids").add(user);
            body.put("organizer_user_id", user);
            body.putObject("location").put("type", "VIRTUAL").put("address", "https://meet.example.com/benchmark");
            URI uri = URI.create(url + "/ats/applications/"
                    + URLEncoder.encode(interview.get("application_id").asText(), StandardCharsets.UTF_8)
                    + "/interviews");
            targets.add(new Target(uri, JSON.writeValueAsBytes(body)));
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("the sandbox's first page of " + integrationId
                    + " has no updatable interview");
        }
        return targets;
    }

    private static long[] sorted(List<Samples> all) {
        long[] merged = new long[all.stream().mapToInt(s -> s.count).sum()];
        int at = 0;
        for (Samples samples : all) {
            System.arraycopy(samples.nanos, 0, merged, at, samples.count);
            at += samples.count;
        }
        Arrays.sort(merged);
        return merged;
    }

    /** Nearest-rank percentile in microseconds; 0 without samples. */
    private static long percentileMicros(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1_000;
    }
}
