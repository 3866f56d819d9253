package dev.kombo.interviews.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link KomboSandbox} needs to know before it starts.
 *
 * @param host              address to bind; loopback by default because the admin API has no auth
 * @param port              TCP port, 0 picks an ephemeral one
 * @param apiKey            the only bearer token the sandbox accepts
 * @param integrations      integration id to number of generated interviews, in insertion order
 * @param seed              makes the generated data and the fault dice reproducible
 * @param deletedEvery      every n-th record is generated as deleted (0 = none)
 * @param latencyPerPageMs  extra delay before each successful page
 * @param threads           size of the HTTP worker pool; above the PATCH concurrency cap, or a client
 *                          could never see {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED} (requests would queue)
 * @param requestLogSize    how many requests the ring-buffer log keeps (also how many PATCHes the PATCH log keeps)
 * @param dataHorizon       every generated timestamp lies before this instant (capped at start-up time)
 * @param patchConcurrencyLimit PATCHes in flight per integration before 429 {@code PLATFORM.CONCURRENCY_LIMIT_EXCEEDED}
 *                          (Kombo: about 30); changeable at run time
 * @param patchLatencyMs    extra delay inside every admitted PATCH, so overlapping PATCHes can be provoked
 * @param rateLimit         requests per integration per 60-s window ({@code ratelimit-limit}); beyond it 429
 *                          {@code PLATFORM.RATE_LIMIT_EXCEEDED}. High by default, so only a test that lowers it
 *                          (or a {@link Fault.Kind#RATE_LIMIT} fault) meets the limit
 * @param schemaDrift       some records carry what Kombo may add over time and the contract does not know yet:
 *                          an extra field and an enum value outside the enum (off by default: the official SDK's
 *                          enums are closed)
 */
public record SandboxSettings(
        String host,
        int port,
        String apiKey,
        Map<String, Integer> integrations,
        long seed,
        int deletedEvery,
        long latencyPerPageMs,
        int threads,
        int requestLogSize,
        Instant dataHorizon,
        int patchConcurrencyLimit,
        long patchLatencyMs,
        int rateLimit,
        boolean schemaDrift) {

    public static final String DEFAULT_API_KEY = "sandbox-api-key";
    public static final String DEFAULT_INTEGRATION_ID = "sandbox:KomboInterviewSandbox01";

    public SandboxSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(dataHorizon, "dataHorizon");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (deletedEvery < 0 || latencyPerPageMs < 0 || threads < 1 || requestLogSize < 1) {
            throw new IllegalArgumentException("deletedEvery/latency must be >= 0, threads/requestLogSize >= 1");
        }
        if (patchConcurrencyLimit < 1 || patchLatencyMs < 0 || rateLimit < 1) {
            throw new IllegalArgumentException("patchConcurrencyLimit and rateLimit must be >= 1, patchLatencyMs >= 0");
        }
        integrations.forEach((id, count) -> {
            if (id.isBlank() || count < 0) {
                throw new IllegalArgumentException("invalid integration " + id + "=" + count);
            }
        });
        integrations = Collections.unmodifiableMap(new LinkedHashMap<>(integrations));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private final Map<String, Integer> integrations = new LinkedHashMap<>();
        private long seed = 42;
        private int deletedEvery = 17;
        private long latencyPerPageMs;
        private int threads = 64;
        private int requestLogSize = 1000;
        private Instant dataHorizon = Instant.parse("2025-06-01T00:00:00.000Z");
        private int patchConcurrencyLimit = 30;
        private long patchLatencyMs;
        private int rateLimit = 100_000;
        private boolean schemaDrift;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder integration(String integrationId, int recordCount) {
            integrations.put(integrationId, recordCount);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder deletedEvery(int deletedEvery) {
            this.deletedEvery = deletedEvery;
            return this;
        }

        public Builder latencyPerPageMs(long latencyPerPageMs) {
            this.latencyPerPageMs = latencyPerPageMs;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder requestLogSize(int requestLogSize) {
            this.requestLogSize = requestLogSize;
            return this;
        }

        public Builder dataHorizon(Instant dataHorizon) {
            this.dataHorizon = dataHorizon;
            return this;
        }

        public Builder patchConcurrencyLimit(int patchConcurrencyLimit) {
            this.patchConcurrencyLimit = patchConcurrencyLimit;
            return this;
        }

        public Builder patchLatencyMs(long patchLatencyMs) {
            this.patchLatencyMs = patchLatencyMs;
            return this;
        }

        public Builder rateLimit(int requestsPerWindow) {
            this.rateLimit = requestsPerWindow;
            return this;
        }

        public Builder schemaDrift(boolean schemaDrift) {
            this.schemaDrift = schemaDrift;
            return this;
        }

        /** Without any {@link #integration} call the sandbox serves one integration of 1,000 interviews. */
        public SandboxSettings build() {
            Map<String, Integer> effective = integrations.isEmpty()
                    ? Map.of(DEFAULT_INTEGRATION_ID, 1000)
                    : integrations;
            return new SandboxSettings(host, port, apiKey, effective, seed, deletedEvery, latencyPerPageMs,
                    threads, requestLogSize, dataHorizon, patchConcurrencyLimit, patchLatencyMs, rateLimit, schemaDrift);
        }
    }
}
