package dev.kombo.interviews.kombo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;

/** JSON Schemas taken from the OpenAPI contract on the classpath ({@code /kombo-api/}), never hand-written. */
public final class KomboSchemas {

    public static final String GET_SPEC = "/kombo-api/get-ats-interviews.openapi.yaml";
    public static final String PATCH_SPEC = "/kombo-api/patch-ats-application-interviews.openapi.yaml";

    private KomboSchemas() {
    }

    /** Where the request body schema of {@code PATCH /ats/applications/{application_id}/interviews} is. */
    public static final String PATCH_BODY = "/components/schemas/PatchAtsApplicationsApplicationIdInterviewsRequestBody";

    /** The request body schema of {@code PATCH /ats/applications/{application_id}/interviews}. */
    public static Schema patchRequestBody() {
        return schema(PATCH_SPEC, PATCH_BODY);
    }

    /** A schema at a JSON pointer of an OpenAPI document. */
    public static Schema schema(String spec, String pointer) {
        return registry().getSchema(spec(spec).at(pointer));
    }

    /** JSON Schema 2020-12 (OpenAPI 3.1) with formats asserted and OpenAPI's documentation-only keywords. */
    public static SchemaRegistry registry() {
        Dialect openApi = Dialect.builder(Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("example"))
                .keyword(new NonValidationKeyword("externalDocs"))
                .build();
        return SchemaRegistry.withDefaultDialect(openApi,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true).build()));
    }

    /** One problem as {@code field: message}, e.g. {@code location.type: does not have a value in the enumeration}. */
    public static String describe(com.networknt.schema.Error error) {
        // "/location/type" or "$.location.type", depending on the path type: show "location.type", "ids[0]"
        String field = error.getInstanceLocation().toString().replaceFirst("^\\$\\.?|^/", "")
                .replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        String message = error.getMessage().replaceFirst("^\\$\\S*:? ?", "");
        return (field.isEmpty() ? "body" : field) + ": " + message;
    }

    /** An OpenAPI document of the contract, from the classpath. */
    public static JsonNode spec(String resource) {
        try (InputStream in = KomboSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the Kombo contract " + resource + " is not on the classpath");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
