package dev.kombo.interviews.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class UpdateValidatorTest {

    private final UpdateValidator validator = new UpdateValidator(10_000, 16);

    private static final String VALID = """
            {"interview_id":"i1","title":"Onsite","start_time":"2026-12-01T10:00:00.000Z",
             "end_time":"2026-12-01T11:00:00+00:00","interviewer_user_ids":["u1","u2"],
             "organizer_user_id":"u1","location":{"type":"VIRTUAL","address":"https://meet.example/x"}}""";

    private List<String> problems(String integration, String application, String body) {
        return catchThrowableOfType(InvalidUpdateException.class,
                () -> validator.direct(integration, application, null, body.getBytes(StandardCharsets.UTF_8)))
                .problems();
    }

    @Test
    void accepts_a_body_that_follows_the_contract() {
        InterviewUpdate update = validator.direct("greenhouse:acme", "app_1", "key-1", VALID.getBytes());

        assertThat(update.interviewId()).isEqualTo("i1");
        assertThat(update.body().path("location").path("type").asText()).isEqualTo("VIRTUAL");
    }

    @Test
    void lists_every_field_level_problem_at_once() {
        List<String> problems = problems("greenhouse:acme", "app_1", """
                {"interview_id":7,"title":"x","start_time":"2026-12-01T11:00:00Z","end_time":"2026-12-01T10:00:00Z",
                 "interviewer_user_ids":["u1",3],"location":{"type":"ONSITE"},"colour":"red"}""");

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("interview_id:").contains("string"))
                .anySatisfy(p -> assertThat(p).startsWith("interviewer_user_ids[1]:"))
                .anySatisfy(p -> assertThat(p).startsWith("location.type:"))
                .anySatisfy(p -> assertThat(p).contains("organizer_user_id"))
                .anySatisfy(p -> assertThat(p).startsWith("colour: unknown field"))
                .anySatisfy(p -> assertThat(p).startsWith("end_time: must be after start_time"));
    }

    @Test
    void refuses_malformed_empty_oversized_and_deeply_nested_bodies() {
        assertThat(problems("a:b", "app", "{\"title\": ")).singleElement().asString().startsWith("body: not valid JSON");
        assertThat(problems("a:b", "app", "")).singleElement().asString().startsWith("body: empty");
        assertThat(problems("a:b", "app", "x".repeat(10_001))).singleElement().asString().contains("over the limit");
        assertThat(problems("a:b", "app", "[".repeat(100) + "]".repeat(100))).singleElement().asString()
                .startsWith("body: not valid JSON").contains("nesting depth");
    }

    @Test
    void refuses_a_body_that_is_not_valid_utf8_naming_the_byte_offset() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        int title = VALID.indexOf("Onsite");
        for (byte[] invalid : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                new byte[] {(byte) 0xE2, (byte) 0x82})) { // cut short
            byte[] body = new byte[valid.length + invalid.length];
            System.arraycopy(valid, 0, body, 0, title);
            System.arraycopy(invalid, 0, body, title, invalid.length);
            System.arraycopy(valid, title, body, title + invalid.length, valid.length - title);

            List<String> problems = catchThrowableOfType(InvalidUpdateException.class,
                    () -> validator.direct("a:b", "app", null, body)).problems();

            assertThat(problems).singleElement().asString()
                    .startsWith("body: not valid UTF-8 at byte offset " + title + " (0x");
        }
        assertThat(UpdateValidator.firstInvalidUtf8("Zoë 🌈 €".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void refuses_ids_that_could_escape_the_url_path_or_a_header() {
        assertThat(problems("a:b", "../../admin", VALID)).singleElement().asString().startsWith("application_id:");
        assertThat(problems("a:b\r\nX-Evil: 1", "app", VALID)).singleElement().asString()
                .startsWith("X-Integration-Id:").doesNotContain("\r");
    }

    @Test
    void reads_the_file_and_queue_envelope() {
        InterviewUpdate update = validator.envelope(("{\"integration_id\":\"greenhouse:acme\",\"application_id\":\"app_1\","
                + "\"idempotency_key\":\"k1\",\"interview\":" + VALID + "}").getBytes());

        assertThat(update.integrationId()).isEqualTo("greenhouse:acme");
        assertThat(update.idempotencyKey()).isEqualTo("k1");
        List<String> problems = catchThrowableOfType(InvalidUpdateException.class,
                () -> validator.envelope("{\"application_id\":5,\"interview\":{}}".getBytes())).problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo("integration_id: required"))
                .anySatisfy(p -> assertThat(p).startsWith("application_id: must be a string"))
                .anySatisfy(p -> assertThat(p).startsWith("interview.interview_id"));
    }
}
