package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.kombo.KomboSchemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI contract from the classpath, as JSON Schema 2020-12 with date-time formats asserted. */
final class KomboContract {

    private static final String GET_SPEC = "/kombo-api/get-ats-interviews.openapi.yaml";
    private static final String PATCH_SPEC = "/kombo-api/patch-ats-application-interviews.openapi.yaml";

    static final KomboContract INSTANCE = new KomboContract();

    private final Schema page;
    private final Schema error;
    private final Schema interview;
    private final Schema patchSuccess;
    private final Schema patchError;

    private KomboContract() {
        JsonNode spec = kombosMeaning(KomboSchemas.spec(GET_SPEC));
        SchemaRegistry registry = KomboSchemas.registry();
        page = registry.getSchema(spec.at("/components/schemas/GetAtsInterviewsPositiveResponse"));
        error = registry.getSchema(spec.at("/components/responses/ErrorResponseATS/content/application~1json/schema"));
        interview = registry.getSchema(spec.at(
                "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items"));
        JsonNode patchSpec = kombosMeaning(KomboSchemas.spec(PATCH_SPEC));
        patchSuccess = registry.getSchema(patchSpec.at(
                "/components/schemas/PatchAtsApplicationsApplicationIdInterviewsPositiveResponse"));
        patchError = registry.getSchema(patchSpec.at(
                "/components/responses/ErrorResponseATS/content/application~1json/schema"));
    }

    /**
     * The contract as Kombo means it. It writes a nullable enum as {@code type: [string, 'null']} next to an
     * {@code enum} of strings only (application.outcome, error.code); read literally, JSON Schema then rejects
     * null, because {@code enum} alone decides. Kombo means "one of these, or null": its own examples have
     * {@code code: null}, and its official SDK 1.1.3 reads such a field as {@code z.nullable(z.nativeEnum(...))}.
     * So every enum whose type allows null gets null added to its values; nothing else is loosened.
     */
    private static JsonNode kombosMeaning(JsonNode spec) {
        JsonNode copy = spec.deepCopy();
        addNullToNullableEnums(copy);
        return copy;
    }

    private static void addNullToNullableEnums(JsonNode node) {
        if (node instanceof ObjectNode object && object.get("enum") instanceof ArrayNode values
                && allowsNull(object.get("type")) && !containsNull(values)) {
            values.addNull();
        }
        node.forEach(KomboContract::addNullToNullableEnums);
    }

    /** {@code type: [string, 'null']}: the JSON type list names null. */
    private static boolean allowsNull(JsonNode type) {
        return type != null && StreamSupport.stream(type.spliterator(), false).anyMatch(t -> "null".equals(t.asText()));
    }

    private static boolean containsNull(ArrayNode values) {
        return StreamSupport.stream(values.spliterator(), false).anyMatch(JsonNode::isNull);
    }

    /** A PATCH success: the PATCH contract's envelope, and {@code data} an interview as the GET returns it. */
    void assertValidPatchSuccess(JsonNode body) {
        assertThat(messages(patchSuccess.validate(body))).as("against PatchAts...PositiveResponse: %s", body).isEmpty();
        assertThat(messages(interview.validate(body.get("data")))).as("data against the GET interview model").isEmpty();
    }

    /** A PATCH error body against the PATCH contract's ErrorResponseATS. */
    void assertValidPatchError(JsonNode body) {
        assertThat(messages(patchError.validate(body))).as("PATCH error body against ErrorResponseATS: %s", body)
                .isEmpty();
    }

    void assertValidPage(JsonNode body) {
        assertThat(messages(page.validate(body))).as("page against GetAtsInterviewsPositiveResponse").isEmpty();
    }

    void assertValidError(JsonNode body) {
        assertThat(messages(error.validate(body))).as("error body against ErrorResponseATS: %s", body).isEmpty();
    }

    List<String> pageViolations(JsonNode body) {
        return messages(page.validate(body));
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
