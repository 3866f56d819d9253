package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kombo.interviews.sandbox.InterviewSchema.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated records cover what the contract allows, field by field as the contract lists them: every
 * nullable field is null somewhere, every optional field is absent somewhere, every enum value occurs, every
 * field occurs with a value (so a contract field the sandbox does not generate is named here), and nothing the
 * contract does not allow occurs unless schema drift is on.
 */
class SandboxSchemaCoverageTest {

    private static final String ACME = "ashby:CoverageAcme000000000001";
    private static final int RECORDS = 2_400;
    private static final InterviewSchema CONTRACT = InterviewSchema.CONTRACT;
    private static KomboSandbox sandbox;
    private static List<JsonNode> records;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new KomboSandbox(SandboxSettings.builder().integration(ACME, RECORDS).build()).start();
        records = new SandboxHttp(sandbox).pageAll(ACME, "page_size=250&include_deleted=true", 20).records();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void the_contract_is_read_with_its_nullable_optional_and_enum_fields() {
        Field outcome = CONTRACT.field("application.outcome");
        assertThat(outcome.nullable()).isTrue();
        assertThat(outcome.enumValues()).containsExactly("PENDING", "HIRED", "DECLINED");
        for (String nullableAndOptional : List.of("location", "users[].email", "application.candidate.email_addresses",
                "application.candidate.email_addresses[].email_address")) {
            assertThat(CONTRACT.field(nullableAndOptional)).as(nullableAndOptional)
                    .extracting(Field::nullable, Field::optional).containsExactly(true, true);
        }
        assertThat(CONTRACT.field("changed_at")).extracting(Field::nullable, Field::optional)
                .containsExactly(false, false);
        assertThat(CONTRACT.field("users[].first_name")).extracting(Field::nullable, Field::optional)
                .containsExactly(true, false);
        assertThat(CONTRACT.all()).extracting(Field::path).contains("application.job.name", "location.zip_code");
    }

    @Test
    void every_nullable_field_is_null_in_some_records_and_no_other_field_ever_is() {
        List<String> neverNull = new ArrayList<>();
        List<String> wronglyNull = new ArrayList<>();
        for (Field field : CONTRACT.all()) {
            boolean someNull = occurrences(field).stream().anyMatch(JsonNode::isNull);
            if (field.nullable() && !someNull) {
                neverNull.add(field.path());
            } else if (!field.nullable() && someNull) {
                wronglyNull.add(field.path());
            }
        }

        assertThat(neverNull).as("nullable, but never null").isEmpty();
        assertThat(wronglyNull).as("null, but not nullable").isEmpty();
    }

    @Test
    void every_optional_field_is_absent_in_some_records_and_every_required_one_always_present() {
        List<String> neverAbsent = new ArrayList<>();
        List<String> missingRequired = new ArrayList<>();
        for (Field field : CONTRACT.all()) {
            long absent = parents(field).stream().filter(parent -> !parent.has(field.name())).count();
            if (field.optional() && absent == 0) {
                neverAbsent.add(field.path());
            } else if (!field.optional() && absent > 0) {
                missingRequired.add(field.path());
            }
        }

        assertThat(neverAbsent).as("optional, but always there").isEmpty();
        assertThat(missingRequired).as("required, but left out").isEmpty();
    }

    @Test
    void every_field_of_the_contract_has_a_value_in_some_records() {
        List<String> neverSet = CONTRACT.all().stream()
                .filter(field -> occurrences(field).stream().noneMatch(value -> !value.isNull()))
                .map(Field::path).toList();

        assertThat(neverSet).as("contract fields the sandbox never fills").isEmpty();
    }

    @Test
    void every_enum_value_occurs_and_no_other() {
        for (Field field : CONTRACT.all()) {
            if (field.enumValues().isEmpty()) {
                continue;
            }
            Set<String> seen = new TreeSet<>();
            occurrences(field).stream().filter(JsonNode::isTextual).forEach(value -> seen.add(value.asText()));

            assertThat(seen).as(field.path()).containsExactlyInAnyOrderElementsOf(field.enumValues());
        }
    }

    @Test
    void a_record_level_field_is_null_or_absent_in_exactly_one_record_of_every_period() {
        for (String path : List.of("title", "starting_at", "canceled", "remote_data", "location")) {
            Field field = CONTRACT.field(path);
            long nulls = records.stream().filter(r -> r.has(path) && r.get(path).isNull()).count();
            long absent = records.stream().filter(r -> !r.has(path)).count();

            assertThat(nulls).as(path + " null").isEqualTo(RECORDS / SchemaCoverage.PERIOD);
            assertThat(absent).as(path + " absent").isEqualTo(field.optional() ? RECORDS / SchemaCoverage.PERIOD : 0);
        }
    }

    @Test
    void schema_drift_adds_an_unknown_field_and_an_unknown_outcome_to_some_records_and_changes_nothing_else()
            throws Exception {
        List<JsonNode> drifted;
        try (KomboSandbox drifting = new KomboSandbox(SandboxSettings.builder().integration(ACME, RECORDS)
                .schemaDrift(true).build()).start()) {
            drifted = new SandboxHttp(drifting).pageAll(ACME, "page_size=250&include_deleted=true", 20).records();
        }

        int extraFields = 0;
        int unknownOutcomes = 0;
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode record = (ObjectNode) drifted.get(i).deepCopy();
            if (record.remove(SchemaCoverage.DRIFT_FIELD) != null) {
                extraFields++;
            }
            if (record.path("application").path("outcome").asText("").equals(SchemaCoverage.DRIFT_ENUM_VALUE)) {
                unknownOutcomes++; // an outcome outside the enum has no rejection reason either
                ObjectNode application = (ObjectNode) record.get("application");
                application.set("outcome", records.get(i).at("/application/outcome"));
                application.set("rejection_reason_name", records.get(i).at("/application/rejection_reason_name"));
            }
            assertThat(record).as("record %d apart from the drift", i).isEqualTo(records.get(i));
        }
        assertThat(extraFields).isEqualTo(RECORDS / SchemaCoverage.PERIOD);
        assertThat(unknownOutcomes).isPositive();
        assertThat(records).noneMatch(r -> r.has(SchemaCoverage.DRIFT_FIELD));
    }

    /** The objects that hold {@code field}: every record, or every non-null object or array item at its parent path. */
    private static List<JsonNode> parents(Field field) {
        List<JsonNode> parents = new ArrayList<>(records);
        String path = field.path();
        int cut = path.lastIndexOf('.');
        if (cut < 0) {
            return parents;
        }
        for (String step : path.substring(0, cut).split("\\.")) {
            boolean items = step.endsWith("[]");
            String name = items ? step.substring(0, step.length() - 2) : step;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode parent : parents) {
                JsonNode child = parent.get(name);
                if (child != null && items && child.isArray()) {
                    child.forEach(next::add);
                } else if (child != null && child.isObject()) {
                    next.add(child);
                }
            }
            parents = next;
        }
        return parents;
    }

    /** The field's value (possibly a JSON null) in every object that holds it, absent ones left out. */
    private static List<JsonNode> occurrences(Field field) {
        return parents(field).stream().filter(parent -> parent.has(field.name()))
                .map(parent -> parent.get(field.name())).toList();
    }
}
