package dev.kombo.interviews.kombo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The contract read the way Kombo means it, on the parser's tokens. */
class ContractSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITEMS =
            "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items";
    private static final JsonNode GET = KomboSchemas.spec(KomboSchemas.GET_SPEC);
    private static final ContractSchema RECEIVED = ContractSchema.compile(GET, ITEMS, ContractSchema.Reading.RECEIVED,
            Set.of("id", "changed_at"));
    private static final ContractSchema PATCH = ContractSchema.compile(KomboSchemas.spec(KomboSchemas.PATCH_SPEC),
            KomboSchemas.PATCH_BODY, ContractSchema.Reading.SENT, Set.of());

    /** The contract's own example interview. */
    private static ObjectNode example() {
        return GET.at("/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/examples/0/results/0")
                .deepCopy();
    }

    /** What a check found: problems, drift and captured fields, as text. */
    private static List<String> check(ContractSchema schema, JsonNode value) throws IOException {
        List<String> found = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(JSON.writeValueAsBytes(value))) {
            parser.nextToken();
            schema.check(parser, new ContractSchema.Findings() {
                @Override
                public void problem(String field, String message) {
                    found.add("problem " + field + ": " + message);
                }

                @Override
                public void drift(ContractSchema.Drift kind, String field, String example) {
                    found.add(kind.label() + " " + field + " " + example);
                }

                @Override
                public void captured(String name, String text) {
                    found.add("captured " + name + "=" + text);
                }
            });
        }
        return found;
    }

    @Test
    void the_contracts_own_example_passes_and_its_root_fields_are_captured() throws IOException {
        assertThat(check(RECEIVED, example())).containsExactlyInAnyOrder("captured id=26vafvWSRmbhNcxJYqjCzuJg",
                "captured changed_at=2022-08-07T14:01:29.196Z");
    }

    @Test
    void a_nullable_enum_accepts_null_as_kombo_means_it() throws IOException {
        ObjectNode interview = example();
        ((ObjectNode) interview.get("application")).putNull("outcome");

        assertThat(check(RECEIVED, interview)).noneMatch(f -> f.startsWith("problem"));
    }

    @Test
    void every_nullable_field_accepts_null_and_every_optional_one_may_be_absent() throws IOException {
        ObjectNode interview = example();
        interview.remove("location"); // optional
        for (String field : List.of("remote_id", "title", "starting_at", "ending_at", "video_conferencing_url",
                "application_id", "stage_id", "canceled", "remote_created_at", "remote_updated_at", "remote_data",
                "remote_deleted_at", "application")) {
            interview.putNull(field);
        }
        ((ObjectNode) interview.get("users").get(0)).remove("email");

        assertThat(check(RECEIVED, interview)).noneMatch(f -> f.startsWith("problem"));
    }

    @Test
    void unknown_enum_values_and_fields_in_what_kombo_sends_are_drift_not_problems() throws IOException {
        ObjectNode interview = example();
        ((ObjectNode) interview.get("application")).put("outcome", "WITHDRAWN");
        ((ObjectNode) interview.get("users").get(0)).put("role", "INTERVIEWER");
        interview.putObject("meeting").put("provider", "zoom");
        ObjectNode withRemoteData = example();
        withRemoteData.putObject("remote_data").put("/candidates", 1); // additionalProperties: true

        assertThat(check(RECEIVED, withRemoteData)).noneMatch(f -> f.startsWith("problem") || f.startsWith("unknown"));
        assertThat(check(RECEIVED, interview)).filteredOn(f -> !f.startsWith("captured")).containsExactlyInAnyOrder(
                "unknown_enum_value application.outcome WITHDRAWN", "unknown_field users[].role role",
                "unknown_field meeting meeting");
    }

    @Test
    void wrong_json_types_missing_required_fields_and_bad_date_times_break_the_contract() throws IOException {
        ObjectNode interview = example();
        interview.put("canceled", "yes");
        interview.remove("changed_at");
        interview.put("starting_at", "26/06/2023 14:30");
        ((ObjectNode) interview.get("users").get(0)).put("id", 7);
        interview.putNull("users");

        List<String> found = check(RECEIVED, interview);

        assertThat(found).contains("problem canceled: expected boolean or null, found string",
                "problem changed_at: required",
                "problem starting_at: '26/06/2023 14:30' is not a date-time with offset (e.g. 2026-11-25T14:30:00.000Z)",
                "problem users: expected array, found null");
    }

    @Test
    void what_we_send_is_held_to_the_contract_strictly() {
        ObjectNode body = JSON.createObjectNode().put("interview_id", "i1").put("title", "t")
                .put("start_time", "2026-12-01T10:00:00Z").put("end_time", "2026-12-01T11:00:00Z")
                .put("organizer_user_id", "u1").put("colour", "red");
        body.putArray("interviewer_user_ids").add("u2").add(3);
        body.putObject("location").put("type", "HYBRID");

        assertThat(PATCH.problems(body)).containsExactlyInAnyOrder(
                "colour: unknown field (known: [end_time, interview_id, interviewer_user_ids, location, "
                        + "organizer_user_id, start_time, title])",
                "interviewer_user_ids[1]: expected string, found number",
                "location.type: 'HYBRID' is not one of [PHYSICAL, VIRTUAL]");
        assertThat(PATCH.problems(JSON.createArrayNode())).containsExactly("body: expected object, found array");
    }

    @Test
    void a_keyword_the_compiler_does_not_know_fails_at_compile_time() throws IOException {
        JsonNode document = JSON.readTree("{\"s\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}");

        assertThatThrownBy(() -> ContractSchema.compile(document, "/s", ContractSchema.Reading.RECEIVED, Set.of()))
                .hasMessageContaining("keyword 'oneOf' is not supported");
    }

    /** zod's datetime({offset: true}) as the SDK builds it (zod v3 types.js), translated to Java. */
    private static final Pattern ZOD = Pattern.compile("^((\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00"
            + "|[13579][26]00)-02-29|\\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)"
            + "|(02)-(0[1-9]|1\\d|2[0-8])))T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|([+-]\\d{2}:?\\d{2}))$");

    @Test
    void date_times_are_the_ones_the_sdk_accepts() {
        for (String valid : List.of("2026-11-25T14:30:00.000Z", "2026-11-25T14:30Z", "2024-02-29T00:00:00+01:00",
                "2000-02-29T23:59:59.123456789-0530", "2026-12-31T23:59:59Z")) {
            assertThat(KomboDateTime.valid(valid)).as(valid).isTrue();
        }
        for (String invalid : List.of("2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-11-25T24:00:00Z",
                "2026-11-25T14:30:00", "2026-11-25 14:30:00Z", "2026-11-25T14:30:00.Z", "2026-11-25T14:30:00z",
                "2026-04-31T00:00:00Z", "2026-11-25T14:30:00+1:00", "")) {
            assertThat(KomboDateTime.valid(invalid)).as(invalid).isFalse();
        }
    }

    @Test
    void the_date_time_check_agrees_with_zod_on_random_near_misses() {
        Random random = new Random(7);
        String alphabet = "0123456789-:T.Z+ ";
        for (int i = 0; i < 200_000; i++) {
            char[] text = "2024-02-29T23:59:59.5+05:30".toCharArray();
            int length = 16 + random.nextInt(text.length - 15);
            for (int mutations = random.nextInt(3); mutations > 0; mutations--) {
                text[random.nextInt(length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(text, 0, length);
            assertThat(KomboDateTime.valid(candidate)).as(candidate).isEqualTo(ZOD.matcher(candidate).matches());
        }
    }
}
