package dev.kombo.interviews.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.ChildProcess;
import dev.kombo.interviews.sandbox.KomboSandbox;
import dev.kombo.interviews.sandbox.SandboxSettings;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.InterviewRecord;
import dev.kombo.interviews.sync.PageReader;

/**
 * Persistent messages per second through the bundle's JMS sink: the bundle as deployed (its configuration, its
 * YAML routes, {@code direct:kombo-deliver-page} → {@code routes/sink-jms.camel.yaml} → {@code JmsPageSender}),
 * fed with pages of interviews the Kombo sandbox served (fetched once, before any timing, so the figure is the
 * sink's alone). Each integration hands its pages over one at a time, as a sync does; integrations run in
 * parallel.
 *
 * <pre>
 * JmsSinkThroughput [--broker embedded|external] [--records 25000] [--integrations 1] [--reps 3]
 *                   [--warmups 2] [--sink jms|jms-camel] [--set key=value,key=value] [--url-params name=value&amp;...]
 * </pre>
 * {@code embedded}: the bundle's own broker in its JVM (the default configuration). {@code external}: an Artemis
 * broker in a second JVM ({@link ExternalBroker}, journal on disk), reached over TCP. {@code jms-camel}: the
 * sink as it was before (a parallel split, one camel-jms send per message), for comparison. {@code --set}:
 * bundle properties ({@code kombo.sink.jms.producer-window-size=-1}); {@code --url-params}: Artemis client
 * parameters added to the external broker's URL ({@code blockOnDurableSend=false}).
 * <p>
 * {@code warmups} unrecorded passes (default 2), then {@code reps} timed passes; every pass uses new duplicate ids (a new
 * integration id), so nothing is dropped as a duplicate, and the queue is drained and counted after each, so
 * the broker never pages. Prints {@code RUN …} per pass and {@code RESULT … median=N} (messages/s).
 */
public final class JmsSinkThroughput {

    private static final String PASSWORD = "bench-" + UUID.randomUUID();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, "broker", "records", "integrations", "reps", "warmups", "sink",
                "set", "url-params");
        String brokerMode = args.getOrDefault("broker", "embedded");
        int records = Integer.parseInt(args.getOrDefault("records", "25000"));
        int integrations = Integer.parseInt(args.getOrDefault("integrations", "1"));
        int reps = Integer.parseInt(args.getOrDefault("reps", "3"));
        int warmups = Integer.parseInt(args.getOrDefault("warmups", "2"));
        String sink = args.getOrDefault("sink", "jms");
        Path work = Files.createDirectories(Path.of("target", "bench-jms", "run-" + UUID.randomUUID()))
                .toAbsolutePath();

        List<List<InterviewPage>> pages = fetchPages(integrations, records / integrations);
        System.out.printf("fetched %d pages of %d integration(s) from the sandbox, %.0f bytes of JSON a record%n",
                pages.stream().mapToInt(List::size).sum(), integrations, pages.stream().flatMap(List::stream)
                        .flatMap(p -> p.records().stream()).mapToInt(r -> r.utf8().length).average().orElse(0));

        ChildProcess external = null;
        Application.BundleMain main = new Application.BundleMain();
        try {
            main.setDefaultPropertyPlaceholderLocation(Application.DEFAULT_CONFIG);
            Map<String, String> props = new java.util.LinkedHashMap<>();
            props.put("kombo.sandbox.enabled", "false");
            props.put("demo.sftp-server.enabled", "false");
            props.put("kombo.sync.on-startup", "false");
            props.put("kombo.base-url", "http://127.0.0.1:9/v1"); // never called: the pages are handed over
            props.put("kombo.api-key", "bench");
            props.put("kombo.sync.cron", "0 0 0 1 1 ? 2099");
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= integrations; i++) {
                names.add("bench" + i);
                props.put("kombo.integration.bench" + i + ".id", "bench:jms-" + i);
                props.put("kombo.integration.bench" + i + ".sinks", sink);
            }
            props.put("kombo.integrations", String.join(",", names));
            props.put("kombo.sync.state-dir", work.resolve("state").toString());
            props.put("kombo.sync.dead-letter-dir", work.resolve("dead-letter").toString());
            props.put("kombo.update.file.inbox", work.resolve("updates/inbox").toString());
            props.put("kombo.update.file.done", work.resolve("updates/done").toString());
            props.put("kombo.update.file.failed", work.resolve("updates/failed").toString());
            props.put("kombo.http.port", String.valueOf(freePort()));
            props.put("kombo.management.port", String.valueOf(freePort()));
            props.put("jms.broker.password", PASSWORD);
            int brokerPort = freePort();
            if (brokerMode.equals("external")) {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                external = ChildProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                        ExternalBroker.class.getName(), "--data", work.resolve("external-broker").toString(),
                        "--port", String.valueOf(brokerPort), "--password", PASSWORD), Path.of("").toAbsolutePath(),
                        Map.of(), work.resolve("external-broker.log"));
                external.await(line -> line.startsWith("READY "), Duration.ofMinutes(1));
                props.put("jms.broker.embedded", "false");
                String params = args.getOrDefault("url-params", "");
                props.put("jms.broker.url", "tcp://127.0.0.1:" + brokerPort + (params.isEmpty() ? "" : "?" + params));
            } else if (brokerMode.equals("embedded")) {
                props.put("jms.broker.embedded", "true");
                props.put("jms.broker.embedded.port", String.valueOf(brokerPort));
                props.put("jms.broker.embedded.data-dir", work.resolve("broker").toString());
            } else {
                throw new IllegalArgumentException("--broker embedded or external, not " + brokerMode);
            }
            for (String setting : args.getOrDefault("set", "").split(",")) {
                if (!setting.isBlank()) {
                    props.put(setting.substring(0, setting.indexOf('=')).trim(),
                            setting.substring(setting.indexOf('=') + 1).trim());
                }
            }
            props.forEach(main::addOverrideProperty);
            main.configure().addRoutesBuilder(new CamelJmsReference());
            main.start();
            CamelContext context = main.getCamelContext();
            String url = context.resolvePropertyPlaceholders("{{jms.broker.url}}");
            String queue = context.resolvePropertyPlaceholders("{{kombo.sink.jms.queue}}");
            ProducerTemplate template = context.createProducerTemplate();
            System.out.printf("bundle started: sink=%s broker=%s (%s) settings=%s%n", sink, brokerMode, url,
                    args.getOrDefault("set", "") + " " + args.getOrDefault("url-params", ""));

            long messages = pages.stream().mapToLong(p -> p.stream().mapToInt(x -> x.records().size()).sum()).sum();
            for (int warmup = 1; warmup <= warmups; warmup++) {
                pass(template, pages, -warmup);
                drain(url, queue, messages);
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            List<Double> rates = new ArrayList<>();
            for (int rep = 1; rep <= reps; rep++) {
                long cpuBefore = os.getProcessCpuTime();
                long millis = pass(template, pages, rep);
                // CPU of this JVM (the bundle; with the embedded broker, the broker too) per message
                double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / messages;
                double rate = messages * 1000.0 / millis;
                rates.add(rate);
                String broker = brokerState(context, queue);
                int enqueued = drain(url, queue, messages);
                System.out.printf("RUN rep=%d messages=%d millis=%d rate=%.0f cpu_us_per_message=%.1f enqueued=%d "
                        + "load=%.1f%s%n", rep, messages, millis, rate, cpuMicros, enqueued, os.getSystemLoadAverage(),
                        broker);
                if (enqueued != messages) {
                    throw new IllegalStateException(messages + " sent but " + enqueued + " on the queue");
                }
            }
            rates.sort(Comparator.naturalOrder());
            System.out.printf("RESULT sink=%s broker=%s integrations=%d records=%d reps=%d median=%.0f min=%.0f "
                    + "max=%.0f settings=%s%n", sink, brokerMode, integrations, records, reps,
                    rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1),
                    (args.getOrDefault("set", "") + " " + args.getOrDefault("url-params", "")).trim());
        } finally {
            main.stop();
            if (external != null) {
                external.close();
            }
            deleteTree(work);
        }
    }

    /** One pass: every integration's pages, one at a time per integration, integrations in parallel; its ms. */
    private static long pass(ProducerTemplate template, List<List<InterviewPage>> pages, int rep) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(pages.size());
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (List<InterviewPage> integration : pages) {
                running.add(threads.submit(() -> {
                    for (InterviewPage page : integration) {
                        // a new integration id per pass: new duplicate ids, so the broker stores every message
                        template.sendBody("direct:kombo-deliver-page", new InterviewPage(page.integration(),
                                page.integrationId() + "/pass-" + rep, page.runId(), page.number(), page.records()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (System.nanoTime() - started) / 1_000_000;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The embedded broker's memory use for the queue's address after a pass, and whether it went paging. */
    private static String brokerState(CamelContext context, String queue) throws Exception {
        var embedded = context.getRegistry().lookupByNameAndType("embeddedServices",
                dev.kombo.interviews.EmbeddedServices.class).broker();
        if (embedded.isEmpty()) {
            return "";
        }
        var store = embedded.get().server().orElseThrow().getPagingManager()
                .getPageStore(org.apache.activemq.artemis.api.core.SimpleString.of(queue));
        return String.format(" address_mb=%.1f paging=%s", store.getAddressSize() / 1e6, store.isPaging());
    }

    /** Takes every message off the queue (not timed); returns how many there were. */
    private static int drain(String url, String queue, long expected) throws Exception {
        int count = 0;
        try (Connection connection = EmbeddedBroker.connectionFactory(url, "kombo", PASSWORD).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            while (consumer.receive(count < expected ? 10_000 : 500) != null) {
                count++;
            }
        }
        return count;
    }

    /** Pages as the sandbox serves them (250 interviews each), read by the bundle's own page reader. */
    private static List<List<InterviewPage>> fetchPages(int integrations, int recordsEach) throws Exception {
        String key = "bench-" + UUID.randomUUID();
        SandboxSettings.Builder settings = SandboxSettings.builder().port(0).apiKey(key).seed(42);
        for (int i = 1; i <= integrations; i++) {
            settings.integration("bench:jms-" + i, recordsEach);
        }
        PageReader reader = new PageReader(PageReader.InvalidRecords.DELIVER, PageReader.UnknownValues.DELIVER);
        HttpClient http = HttpClient.newHttpClient();
        List<List<InterviewPage>> all = new ArrayList<>();
        try (KomboSandbox sandbox = new KomboSandbox(settings.build()).start()) {
            for (int i = 1; i <= integrations; i++) {
                List<InterviewPage> pages = new ArrayList<>();
                String cursor = null;
                do {
                    String query = "page_size=250&include_deleted=true"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                    HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(URI.create(
                            sandbox.baseUrl() + "/ats/interviews?" + query)).header("Authorization", "Bearer " + key)
                            .header("X-Integration-Id", "bench:jms-" + i).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (answer.statusCode() != 200) {
                        throw new IOException("sandbox answered " + answer.statusCode());
                    }
                    PageReader.Page page = reader.read(answer.body(), "bench page");
                    List<InterviewRecord> records = page.records();
                    pages.add(new InterviewPage("bench" + i, "bench:jms-" + i, "bench", pages.size() + 1, records));
                    cursor = page.next();
                } while (cursor != null);
                all.add(pages);
            }
        }
        return all;
    }

    /** The JMS sink before JmsPageSender (routes/sink-jms.camel.yaml until then), as a sink named jms-camel. */
    static final class CamelJmsReference extends RouteBuilder {
        @Override
        public void configure() {
            from("direct:sink-jms-camel").routeId("sink-jms-camel").errorHandler(noErrorHandler())
                    .split(simple("${body.records}")).parallelProcessing().stopOnException()
                        .setHeader("KomboInterviewId", simple("${body.id}"))
                        .setHeader("KomboChangedAt", simple("${body.changedAt}"))
                        .setHeader("KomboDeleted", simple("${body.deleted}"))
                        .setHeader("_AMQ_DUPL_ID", simple("${header.KomboIntegrationId}:${body.versionKey}"))
                        .setBody(simple("${body.json}"))
                        .removeHeaders("KomboRunId|KomboPage")
                        .to(org.apache.camel.ExchangePattern.InOnly,
                                "jms:queue:{{kombo.sink.jms.queue}}?deliveryPersistent=true")
                    .end();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
