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

    public static final String PATCH_SPEC = "/kombo-api/patch-ats-application-interviews.openapi.yaml";

    private KomboSchemas() {
    }

    /** The request body schema of {@code PATCH /ats/applications/{application_id}/interviews}. */
    public static Schema patchRequestBody() {
        return schema(PATCH_SPEC, "/components/schemas/PatchAtsApplicationsApplicationIdInterviewsRequestBody");
    }

    /** A schema at a JSON pointer of an OpenAPI document, as JSON Schema 2020-12 with formats asserted. */
    public static Schema schema(String spec, String pointer) {
        // 2020-12 (OpenAPI 3.1) plus OpenAPI's documentation-only keywords
        Dialect openApi = Dialect.builder(Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("example"))
                .keyword(new NonValidationKeyword("externalDocs"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(openApi,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true).build()));
        return registry.getSchema(load(spec).at(pointer));
    }

    private static JsonNode load(String resource) {
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
