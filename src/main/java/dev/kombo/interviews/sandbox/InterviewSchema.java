package dev.kombo.interviews.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kombo.interviews.kombo.KomboSchemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the contract says about each field of an interview record, read from the vendored OpenAPI document
 * at start-up: whether it may be null, whether it may be left out, and its enum values. The generator asks
 * this, not its own habits, so a field the contract makes nullable or optional, or an enum value it adds,
 * shows up in the data without a code change.
 *
 * <p>Paths are dotted from the record, with {@code []} for an array's items:
 * {@code application.candidate.email_addresses[].email_address}.
 */
final class InterviewSchema {

    private static final String RECORD = "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data"
            + "/properties/results/items";

    /**
     * @param nullable   its type lists {@code null}
     * @param optional   its object does not list it as required
     * @param enumValues the string values of its {@code enum}, empty for none; a nullable enum also takes null
     * @param properties its own fields, for an object or an array of objects (in the contract's order)
     */
    record Field(String path, String name, boolean nullable, boolean optional, List<String> enumValues,
                 List<Field> properties) {
    }

    static final InterviewSchema CONTRACT = new InterviewSchema(KomboSchemas.spec(KomboSchemas.GET_SPEC).at(RECORD));

    private final List<Field> record;
    private final Map<String, Field> byPath = new LinkedHashMap<>();

    InterviewSchema(JsonNode recordSchema) {
        this.record = properties("", recordSchema);
    }

    /** The record's own fields. */
    List<Field> record() {
        return record;
    }

    /** Every field at any depth, parents before their fields. */
    List<Field> all() {
        return List.copyOf(byPath.values());
    }

    /** The field at {@code path}; the sandbox models only fields the contract has. */
    Field field(String path) {
        Field field = byPath.get(path);
        if (field == null) {
            throw new IllegalArgumentException("the contract has no interview field " + path);
        }
        return field;
    }

    private List<Field> properties(String prefix, JsonNode objectSchema) {
        List<String> required = new ArrayList<>();
        objectSchema.path("required").forEach(name -> required.add(name.asText()));
        List<Field> fields = new ArrayList<>();
        objectSchema.path("properties").fields().forEachRemaining(property -> {
            String name = property.getKey();
            String path = prefix + name;
            JsonNode schema = property.getValue();
            List<String> enumValues = new ArrayList<>();
            schema.path("enum").forEach(value -> {
                if (value.isTextual()) {
                    enumValues.add(value.asText());
                }
            });
            Field field = new Field(path, name, types(schema).contains("null"), !required.contains(name),
                    List.copyOf(enumValues), List.of());
            byPath.put(path, field); // before its own fields, so all() lists parents first
            List<Field> nested = nested(path, schema);
            if (!nested.isEmpty()) {
                field = new Field(path, name, field.nullable(), field.optional(), field.enumValues(), nested);
                byPath.put(path, field);
            }
            fields.add(field);
        });
        return Collections.unmodifiableList(fields);
    }

    private List<Field> nested(String path, JsonNode schema) {
        List<String> types = types(schema);
        if (types.contains("object") && schema.has("properties")) {
            return properties(path + ".", schema);
        }
        if (types.contains("array") && schema.path("items").has("properties")) {
            return properties(path + "[].", schema.get("items"));
        }
        return List.of();
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        return types;
    }
}
