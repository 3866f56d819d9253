package dev.kombo.interviews.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.kombo.interviews.Application;
import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.InterviewRecord;
import dev.kombo.interviews.sync.SyncOutcome;
import dev.kombo.interviews.sync.SyncRuns;

/**
 * The whole bundle against a scripted Kombo: pages generated from the contract go through a real sync run (HTTP
 * on loopback, the YAML routes, the embedded Artemis broker and SFTP server, real folders) and are read back from
 * every sink. One bundle for the class, started as {@link Application} starts it; each try is a fresh sync run of
 * the one integration (its output, dead letters and state cleared first).
 */
@AddLifecycleHook(value = OneTryAtATime.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class SyncContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTEGRATION = "contract";
    private static final String INTEGRATION_ID = "greenhouse:ContractProperty00000001";
    private static final String API_KEY = "contract-" + UUID.randomUUID();
    private static final InterviewArbitraries CONTRACT = InterviewArbitraries.fromContract(true);
    private static final Pattern PAGE_FILE = Pattern.compile("interviews-(\\w+)-(p\\d{5}(?:\\.deleted)?\\.ndjson)");
    private static final Pattern DEAD_LETTER_FILE = Pattern.compile("rejected-\\w+-p(\\d{5})\\.ndjson");

    private static Path work;
    private static ScriptedKombo kombo;
    private static Application.BundleMain bundle;
    private static ProducerTemplate template;
    private static Connection jms;
    private static MessageConsumer queue;
    /** Versions Artemis already has: it drops them when they come again (duplicate detection, by design). */
    private static final Set<String> enqueued = new HashSet<>();

    @BeforeContainer
    static void startBundle() throws Exception {
        work = Path.of("target", "test-work", "SyncContractTest-" + UUID.randomUUID()).toAbsolutePath();
        kombo = new ScriptedKombo(API_KEY, INTEGRATION_ID);
        Properties p = BundleTestSupport.testProperties(work);
        p.setProperty("kombo.sandbox.enabled", "false");
        p.setProperty("kombo.base-url", kombo.baseUrl());
        p.setProperty("kombo.integrations", INTEGRATION);
        p.setProperty("kombo.integration." + INTEGRATION + ".id", INTEGRATION_ID);
        p.setProperty("kombo.integration." + INTEGRATION + ".sinks", "file,sftp,jms");
        p.setProperty("kombo.integration." + INTEGRATION + ".api-key", API_KEY);
        bundle = new Application.BundleMain();
        bundle.setDefaultPropertyPlaceholderLocation(Application.DEFAULT_CONFIG);
        p.forEach((key, value) -> bundle.addOverrideProperty((String) key, (String) value));
        bundle.start();
        template = bundle.getCamelContext().createProducerTemplate();
        jms = EmbeddedBroker.connectionFactory(property("jms.broker.url"), property("jms.broker.username"),
                property("jms.broker.password")).createConnection();
        jms.start();
        Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        queue = session.createConsumer(session.createQueue(property("kombo.sink.jms.queue")));
    }

    @AfterContainer
    static void stopBundle() throws Exception {
        if (jms != null) {
            jms.close();
        }
        if (bundle != null) {
            bundle.stop();
        }
        if (kombo != null) {
            kombo.close();
        }
    }

    @Provide
    Arbitrary<List<ScriptedPage>> runs() {
        return InterviewArbitraries.pages(CONTRACT.interviews(), 3, 6);
    }

    @Provide
    Arbitrary<List<ScriptedPage>> runsWithUnhandleableResults() {
        return InterviewArbitraries.pages(Arbitraries.frequencyOf(Tuple.of(3, CONTRACT.interviews()),
                Tuple.of(1, CONTRACT.unhandleable())), 3, 6)
                .filter(pages -> pages.stream().flatMap(p -> p.results().stream()).anyMatch(e -> !e.deliverable()));
    }

    @Property(tries = 25)
    void pages_generated_from_the_contract_reach_every_sink_byte_for_byte_and_none_is_rejected(
            @ForAll("runs") List<ScriptedPage> pages) throws Exception {
        List<ScriptedPage.Served> served = freshRun(pages);

        SyncOutcome outcome = sync();

        assertThat(outcome.status()).as("run: %s", outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(deadLetters().values().stream().flatMap(List::stream).map(line -> line.get("reason").asText()))
                .as("dead-lettered").isEmpty();
        assertDelivered(pages, served, outcome);
    }

    @Property(tries = 15)
    void results_the_sinks_cannot_handle_are_kept_with_a_reason_and_the_rest_of_their_page_is_delivered(
            @ForAll("runsWithUnhandleableResults") List<ScriptedPage> pages) throws Exception {
        List<ScriptedPage.Served> served = freshRun(pages);

        SyncOutcome outcome = sync();

        assertThat(outcome.status()).as("run: %s", outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        Map<Integer, List<JsonNode>> kept = deadLetters();
        for (int p = 0; p < pages.size(); p++) {
            List<ScriptedPage.Entry> unhandleable = pages.get(p).results().stream().filter(e -> !e.deliverable())
                    .toList();
            List<JsonNode> lines = kept.getOrDefault(p + 1, List.of());
            assertThat(lines.stream().map(line -> line.get("record")).toList()).as("kept from page %d", p + 1)
                    .isEqualTo(unhandleable.stream().map(ScriptedPage.Entry::reparsed).toList());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = lines.get(i);
                ScriptedPage.Entry entry = unhandleable.get(i);
                assertThat(line.get("integration").asText()).isEqualTo(INTEGRATION);
                assertThat(line.get("page").asInt()).isEqualTo(p + 1);
                assertThat(line.get("reason").asText()).as("why %s", entry.problem()).isNotBlank();
                if (entry.field() != null) {
                    assertThat(line.get("reason").asText()).as("the reason names the field of %s", entry.problem())
                            .contains(entry.field());
                }
            }
        }
        assertThat(kept.keySet()).as("pages with dead letters").allMatch(page -> page >= 1 && page <= pages.size());
        assertDelivered(pages, served, outcome);
    }

    // --------------------------------------------------------------------------------------------------------------

    /** Clears what an earlier try left (output, dead letters, watermark and checkpoint) and scripts Kombo. */
    private static List<ScriptedPage.Served> freshRun(List<ScriptedPage> pages) {
        for (Path folder : List.of(fileSink(), sftpSink(), work.resolve("dead-letter"), work.resolve("state"))) {
            deleteTree(folder);
        }
        List<ScriptedPage.Served> served = pages.stream().map(ScriptedPage::serve).toList();
        kombo.serve(served);
        return served;
    }

    private static SyncOutcome sync() {
        return template.requestBodyAndHeader("direct:kombo-sync", null, SyncRuns.INTEGRATION_HEADER, INTEGRATION,
                SyncOutcome.class);
    }

    /**
     * Every deliverable result is in every sink exactly as served, and nothing else is: the file sink's NDJSON files
     * per page (deleted interviews in {@code .deleted.ndjson}), the same files on the SFTP server, one JMS message per
     * interview. Kombo was asked for every page once, with the cursor the page before named.
     */
    private static void assertDelivered(List<ScriptedPage> pages, List<ScriptedPage.Served> served,
            SyncOutcome outcome) throws Exception {
        Map<String, String> files = new TreeMap<>();
        List<String> messages = new ArrayList<>();
        Map<String, ScriptedPage.Entry> byText = new java.util.HashMap<>();
        long delivered = 0;
        for (int p = 0; p < pages.size(); p++) {
            StringBuilder live = new StringBuilder();
            StringBuilder deleted = new StringBuilder();
            for (int i = 0; i < pages.get(p).results().size(); i++) {
                ScriptedPage.Entry entry = pages.get(p).results().get(i);
                String text = served.get(p).results().get(i);
                if (entry.deliverable()) {
                    delivered++;
                    (entry.deleted() ? deleted : live).append(text).append('\n');
                    byText.put(text, entry);
                    if (!enqueued.contains(version(entry.id(), text))) {
                        messages.add(text);
                    }
                }
            }
            String page = String.format("p%05d", p + 1);
            if (!live.isEmpty()) {
                files.put(page + ".ndjson", live.toString());
            }
            if (!deleted.isEmpty()) {
                files.put(page + ".deleted.ndjson", deleted.toString());
            }
        }

        Map<String, byte[]> inFolder = pageFiles(fileSink());
        assertThat(inFolder.keySet()).as("file sink").isEqualTo(files.keySet());
        inFolder.forEach((name, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(name)
                .isEqualTo(files.get(name)));
        inFolder.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(files.get(name)
                .getBytes(StandardCharsets.UTF_8)));
        Map<String, byte[]> onServer = pageFiles(sftpSink());
        assertThat(onServer.keySet()).as("SFTP sink").isEqualTo(inFolder.keySet());
        onServer.forEach((name, bytes) -> assertThat(bytes).as("SFTP " + name).isEqualTo(inFolder.get(name)));

        List<TextMessage> received = drain(messages.size());
        List<String> bodies = new ArrayList<>();
        for (TextMessage message : received) {
            String body = message.getText();
            bodies.add(body);
            ScriptedPage.Entry entry = byText.get(body);
            if (entry != null) {
                assertThat(message.getStringProperty("KomboInterviewId")).isEqualTo(entry.id());
                assertThat(message.getStringProperty("KomboIntegrationId")).isEqualTo(INTEGRATION_ID);
                assertThat(message.getBooleanProperty("KomboDeleted")).isEqualTo(entry.deleted());
                enqueued.add(version(entry.id(), body));
            }
        }
        // within a page messages are sent in parallel: their order is not kept
        assertThat(bodies).as("JMS sink").containsExactlyInAnyOrderElementsOf(messages);

        assertThat(outcome.records()).as("records of the run").isEqualTo(delivered);
        assertThat(outcome.deliveredPerSink()).as("delivered per sink")
                .isEqualTo(Map.of("file", delivered, "sftp", delivered, "jms", delivered));

        List<ScriptedKombo.Request> requests = kombo.requests();
        assertThat(requests).as("GETs").hasSize(pages.size()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.query()).containsEntry("page_size", "250").containsEntry("include_deleted", "true");
        });
        assertThat(requests.get(0).query()).doesNotContainKey("cursor");
        for (int p = 1; p < pages.size(); p++) {
            assertThat(requests.get(p).query()).as("GET %d", p + 1).containsEntry("cursor", pages.get(p - 1).next());
        }
    }

    /** How the bundle names an interview's version for Artemis' duplicate detection. */
    private static String version(String id, String text) {
        return INTEGRATION_ID + ":" + new InterviewRecord(id, null, false, text.getBytes(StandardCharsets.UTF_8))
                .versionKey();
    }

    /** The page files of one run in a sink's folder, by page ({@code p00001.ndjson}); no other file may be there. */
    private static Map<String, byte[]> pageFiles(Path folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Set<String> runs = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                Matcher name = PAGE_FILE.matcher(file.getFileName().toString());
                assertThat(name.matches()).as("%s in %s", file.getFileName(), folder).isTrue();
                runs.add(name.group(1));
                files.put(name.group(2), Files.readAllBytes(file));
            }
        }
        assertThat(runs).as("runs in %s", folder).hasSizeLessThanOrEqualTo(1);
        return files;
    }

    /** The dead-letter lines of this run, by page number. */
    private static Map<Integer, List<JsonNode>> deadLetters() throws IOException {
        Map<Integer, List<JsonNode>> lines = new TreeMap<>();
        Path folder = work.resolve("dead-letter").resolve(INTEGRATION);
        if (!Files.isDirectory(folder)) {
            return lines;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.sorted().toList()) {
                Matcher name = DEAD_LETTER_FILE.matcher(file.getFileName().toString());
                assertThat(name.matches()).as("%s in %s", file.getFileName(), folder).isTrue();
                List<JsonNode> page = lines.computeIfAbsent(Integer.parseInt(name.group(1)), n -> new ArrayList<>());
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    page.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    /** Takes this run's messages off the queue, and any beyond them, so that none is left for the next try. */
    private static List<TextMessage> drain(int expected) throws JMSException {
        List<TextMessage> messages = new ArrayList<>();
        while (messages.size() < expected) {
            Message message = queue.receive(10_000);
            if (message == null) {
                break;
            }
            messages.add((TextMessage) message);
        }
        for (Message extra = queue.receive(200); extra != null; extra = queue.receive(200)) {
            messages.add((TextMessage) extra);
        }
        return messages;
    }

    private static Path fileSink() {
        return work.resolve("out").resolve(INTEGRATION);
    }

    private static Path sftpSink() {
        return work.resolve("sftp-server").resolve("home").resolve(property("kombo.sink.sftp.folder"))
                .resolve(INTEGRATION);
    }

    private static String property(String key) {
        return bundle.getCamelContext().resolvePropertyPlaceholders("{{" + key + "}}");
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
