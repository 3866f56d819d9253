package dev.kombo.interviews.sandbox;

import dev.kombo.interviews.kombo.KomboSchemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;

import java.util.List;

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
        JsonNode spec = KomboSchemas.spec(GET_SPEC);
        SchemaRegistry registry = KomboSchemas.registry();
        page = registry.getSchema(spec.at("/components/schemas/GetAtsInterviewsPositiveResponse"));
        ObjectNode errorSchema = spec.at("/components/responses/ErrorResponseATS/content/application~1json/schema")
                .deepCopy();
        // The spec types error.code as string|null but leaves null out of its enum, while its own
        // "Minimal Error Response" example (and Kombo's docs) have code: null. We read that as OpenAPI's
        // nullable enum, for this one field only.
        ((ArrayNode) errorSchema.at("/properties/error/properties/code/enum")).addNull();
        error = registry.getSchema(errorSchema);
        interview = registry.getSchema(spec.at(
                "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items"));
        JsonNode patchSpec = KomboSchemas.spec(PATCH_SPEC);
        patchSuccess = registry.getSchema(patchSpec.at(
                "/components/schemas/PatchAtsApplicationsApplicationIdInterviewsPositiveResponse"));
        ObjectNode patchErrorSchema = patchSpec.at(
                "/components/responses/ErrorResponseATS/content/application~1json/schema").deepCopy();
        ((ArrayNode) patchErrorSchema.at("/properties/error/properties/code/enum")).addNull(); // as above
        patchError = registry.getSchema(patchErrorSchema);
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
