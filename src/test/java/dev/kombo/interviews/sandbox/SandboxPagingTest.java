package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxPagingTest {

    private static final String BIG = "workday:PagingBig00000000000001";
    private static final String SMALL = "lever:PagingSmall000000000000001";
    private static final String EMPTY = "ashby:PagingEmpty000000000000001";
    private static KomboSandbox sandbox;
    private static SandboxHttp http;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(BIG, 4_321).integration(SMALL, 30)
                .integration(EMPTY, 0).build()).start();
        http = new SandboxHttp(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void pages_through_every_record_exactly_once() {
        SandboxHttp.Run run = http.pageAll(BIG, "page_size=250&include_deleted=true", 100);

        List<String> ids = run.records().stream().map(r -> r.get("id").asText()).toList();
        assertThat(ids).hasSize(4_321).doesNotHaveDuplicates();
        assertThat(run.pages()).hasSize(18);
        for (int i = 0; i < ids.size(); i += 97) {
            assertThat(ids.get(i)).isEqualTo(sandbox.store().interviewId(BIG, i)); // stable by record index
        }
    }

    @Test
    void without_include_deleted_every_live_record_comes_exactly_once() {
        SandboxHttp.Run run = http.pageAll(BIG, "page_size=97", 100);

        assertThat(run.records()).hasSize(sandbox.store().visibleCount(BIG, false)).allMatch(
                r -> r.get("remote_deleted_at").isNull());
        assertThat(run.records().stream().map(r -> r.get("id").asText())).doesNotHaveDuplicates();
    }

    @Test
    void next_is_null_on_the_last_page_only() {
        SandboxHttp.Run run = http.pageAll(SMALL, "page_size=10&include_deleted=true", 10);

        assertThat(run.pages()).hasSize(3);
        assertThat(run.pages().subList(0, 2)).allMatch(p -> p.at("/data/next").isTextual());
        assertThat(run.pages().get(2).at("/data/next").isNull()).isTrue();
    }

    @Test
    void an_integration_without_records_answers_one_empty_page() {
        JsonNode page = http.interviews(EMPTY, "").json();

        assertThat(page.at("/data/results").isEmpty()).isTrue();
        assertThat(page.at("/data/next").isNull()).isTrue();
    }

    @Test
    void a_page_is_gzipped_when_the_client_asks_and_holds_the_same_json() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + "/ats/interviews?page_size=50&include_deleted=true"))
                .header("Authorization", "Bearer " + sandbox.settings().apiKey()).header("X-Integration-Id", BIG);
        HttpResponse<byte[]> gzipped = client.send(request.copy().header("Accept-Encoding", "gzip, deflate").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = client.send(request.copy().build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> refused = client.send(request.copy().header("Accept-Encoding", "gzip;q=0, identity").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 3);
        assertThat(SandboxHttp.MAPPER.readTree(unzipped)).isEqualTo(SandboxHttp.MAPPER.readTree(plain.body()));
    }

    @Test
    void page_size_defaults_to_100() {
        assertThat(http.interviews(BIG, "include_deleted=true").json().at("/data/results").size()).isEqualTo(100);
    }

    @Test
    void page_size_may_change_between_pages_of_one_run() {
        JsonNode first = http.interviews(BIG, "page_size=5").json();
        String cursor = first.at("/data/next").asText();
        JsonNode second = http.interviews(BIG, "page_size=250&cursor=" + cursor).json();

        assertThat(second.at("/data/results").size()).isEqualTo(250);
        Set<String> ids = new HashSet<>();
        first.at("/data/results").forEach(r -> ids.add(r.get("id").asText()));
        second.at("/data/results").forEach(r -> assertThat(ids.add(r.get("id").asText())).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "251", "-1", "abc", "1.5", "", "+5", "99999999999"})
    void invalid_page_size_is_rejected(String pageSize) {
        SandboxHttp.Reply reply = http.interviews(BIG, "page_size=" + pageSize);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
        assertThat(reply.json().at("/error/message").asText()).contains("page_size");
    }

    @Test
    void cursor_used_with_other_filters_is_rejected() {
        String cursor = http.interviews(BIG, "page_size=5").json().at("/data/next").asText();

        for (String otherFilters : List.of("include_deleted=true", "updated_after=2024-01-01", "job_ids=x",
                "ids=a", "remote_ids=1", "ignore_unsupported_filters=true")) {
            SandboxHttp.Reply reply = http.interviews(BIG, otherFilters + "&cursor=" + cursor);
            assertThat(reply.status()).as(otherFilters).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
        }
        assertThat(http.interviews(BIG, "include_deleted=false&cursor=" + cursor).status())
                .as("explicit default is the same filter").isEqualTo(200);
    }

    @Test
    void cursor_of_another_integration_is_rejected() {
        String cursor = http.interviews(BIG, "page_size=5").json().at("/data/next").asText();

        assertThat(http.interviews(SMALL, "page_size=5&cursor=" + cursor).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "eyJpIjoiYSJ9", "eyJpIjotMSwiZiI6IjAifQ", "%25%25", "e30"})
    void garbled_cursor_is_rejected(String cursor) {
        SandboxHttp.Reply reply = http.interviews(BIG, "cursor=" + cursor);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("PLATFORM.INPUT_INVALID");
    }

    @Test
    void same_request_gives_the_same_page_and_the_same_cursor() {
        SandboxHttp.Reply first = http.interviews(BIG, "page_size=50&include_deleted=true");
        SandboxHttp.Reply second = http.interviews(BIG, "page_size=50&include_deleted=true");

        assertThat(second.body()).isEqualTo(first.body());
    }
}
