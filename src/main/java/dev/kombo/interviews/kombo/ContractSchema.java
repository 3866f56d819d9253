package dev.kombo.interviews.kombo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON Schema of the OpenAPI contract, compiled once into a tree of rules and checked on a parser's tokens
 * (no tree is built for what Kombo sends), read the way Kombo means it:
 * <ul>
 * <li>{@code type: [X, 'null']} accepts null, also next to an {@code enum} (Kombo's SDK reads it as
 * {@code z.nullable(nativeEnum)}; a JSON Schema validator read literally refuses null there);</li>
 * <li>{@code format: date-time} is what the SDK parses: {@code YYYY-MM-DDTHH:mm[:ss[.fff]]} with {@code Z} or an
 * offset, on a real calendar day;</li>
 * <li>{@code pattern} is not checked: the SDK does not, and Kombo nulls an e-mail it finds invalid;</li>
 * <li>an unknown field, or an unknown value of an enum, is {@link Reading#RECEIVED drift} in what Kombo sends (it
 * adds both over time) and a problem in what we send ({@link Reading#SENT}): Kombo would ignore a misspelt field.</li>
 * </ul>
 * Keywords the compiler does not know fail at compile time, so a contract that grows {@code oneOf} is noticed
 * instead of silently passed.
 */
public final class ContractSchema {

    /** Whose JSON is checked: Kombo's answers are read tolerantly, our requests strictly. */
    public enum Reading { RECEIVED, SENT }

    /** What Kombo may add to its answers before the contract knows it. */
    public enum Drift {
        UNKNOWN_FIELD, UNKNOWN_ENUM_VALUE;

        /** The metric and log label: {@code unknown_field}, {@code unknown_enum_value}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Receives what a check finds, as it finds it. */
    public interface Findings {
        /** The value at {@code field} ({@code users[2].id}) breaks the contract. */
        void problem(String field, String message);

        /**
         * Drift, only in {@link Reading#RECEIVED}.
         *
         * @param field   the schema's name for the place ({@code users[].role}), stable for counting
         * @param example the value (enum) or the field name, abbreviated
         */
        default void drift(Drift kind, String field, String example) {
        }

        /** A root field named in {@link #capturing}: its text, or null for JSON null. */
        default void captured(String name, String text) {
        }
    }

    private static final Set<String> DOCUMENTATION = Set.of("description", "example", "examples", "externalDocs",
            "title", "default", "deprecated", "readOnly", "writeOnly", "pattern");
    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "items", "enum", "const",
            "format", "additionalProperties", "minimum", "maximum", "$ref");

    private final Rule root;
    private final Reading reading;

    private ContractSchema(Rule root, Reading reading) {
        this.root = root;
        this.reading = reading;
    }

    /**
     * @param document the OpenAPI document ({@link KomboSchemas#spec})
     * @param pointer  the schema's JSON pointer, e.g. {@code /components/schemas/...}
     * @param capture  root fields whose scalar values are handed to {@link Findings#captured}
     */
    public static ContractSchema compile(JsonNode document, String pointer, Reading reading, Set<String> capture) {
        JsonNode schema = document.at(pointer);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no schema at " + pointer);
        }
        Rule root = new Compiler(document).rule(schema, pointer);
        for (String name : capture) {
            Prop prop = root.properties.get(name);
            if (prop == null) {
                throw new IllegalArgumentException(pointer + " has no property " + name + " to capture");
            }
            prop.captured = true;
        }
        return new ContractSchema(root, reading);
    }

    /**
     * Checks the value starting at the parser's current token and leaves the parser on its last token
     * ({@code END_OBJECT} of an object), so the caller can take the value's bytes and go on.
     */
    public void check(JsonParser parser, Findings findings) throws IOException {
        new Walk(parser, findings).value(root, null);
    }

    /** Every problem of a value already parsed (our requests), drift included when {@link Reading#SENT}. */
    public List<String> problems(JsonNode value) {
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = value.traverse()) {
            parser.nextToken();
            check(parser, (field, message) -> problems.add((field.isEmpty() ? "body" : field) + ": " + message));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree cannot fail to be read
        }
        return problems;
    }

    private enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY, NULL }

    /** One compiled schema. Fields are final after compilation; checks only read them. */
    private static final class Rule {
        EnumSet<Kind> types = EnumSet.allOf(Kind.class);
        final Map<String, Prop> properties = new HashMap<>();
        List<Prop> required = List.of();
        long requiredMask;
        /** null: unknown fields are drift (or problems); ANY: allowed silently; else their schema. */
        Rule additional;
        boolean additionalDeclared;
        Rule items;
        Set<String> enumValues;
        String constant;
        boolean dateTime;
        BigDecimal minimum;
        BigDecimal maximum;
        String typeText;

        boolean needsText() {
            return enumValues != null || constant != null || dateTime;
        }
    }

    private static final Rule ANY = new Rule();

    private static final class Prop {
        final String name;
        final Rule rule;
        final int index;
        boolean captured;

        Prop(String name, Rule rule, int index) {
            this.name = name;
            this.rule = rule;
            this.index = index;
        }
    }

    private static final class Compiler {
        private final JsonNode document;

        Compiler(JsonNode document) {
            this.document = document;
        }

        Rule rule(JsonNode schema, String where) {
            JsonNode ref = schema.get("$ref");
            if (ref != null) {
                String pointer = ref.asText();
                if (!pointer.startsWith("#/")) {
                    throw new IllegalArgumentException(where + ": only local $ref is supported, not " + pointer);
                }
                return rule(document.at(pointer.substring(1)), pointer);
            }
            for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
                String keyword = names.next();
                if (!KNOWN.contains(keyword) && !DOCUMENTATION.contains(keyword) && !keyword.startsWith("x-")) {
                    throw new IllegalArgumentException(where + ": keyword '" + keyword + "' is not supported by "
                            + ContractSchema.class.getSimpleName());
                }
            }
            Rule rule = new Rule();
            JsonNode type = schema.get("type");
            if (type != null) {
                rule.types = EnumSet.noneOf(Kind.class);
                List<String> names = new ArrayList<>();
                if (type.isArray()) {
                    type.forEach(t -> names.add(t.asText()));
                } else {
                    names.add(type.asText());
                }
                for (String name : names) {
                    rule.types.add(Kind.valueOf(name.toUpperCase(Locale.ROOT)));
                }
                if (rule.types.contains(Kind.NUMBER)) {
                    rule.types.add(Kind.INTEGER);
                }
                rule.typeText = String.join(" or ", names);
            }
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                int index = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    rule.properties.put(property.getKey(), new Prop(property.getKey(),
                            rule(property.getValue(), where + "/properties/" + property.getKey()), index++));
                }
            }
            JsonNode required = schema.get("required");
            if (required != null) {
                List<Prop> props = new ArrayList<>();
                for (JsonNode name : required) {
                    Prop prop = rule.properties.get(name.asText());
                    if (prop == null) {
                        // required but not described: any value will do, it only has to be there
                        prop = new Prop(name.asText(), ANY, rule.properties.size());
                        rule.properties.put(prop.name, prop);
                    }
                    props.add(prop);
                }
                rule.required = List.copyOf(props);
            }
            if (rule.properties.size() > 64) {
                throw new IllegalArgumentException(where + ": more than 64 properties");
            }
            for (Prop prop : rule.required) {
                rule.requiredMask |= 1L << prop.index;
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null) {
                rule.additionalDeclared = true;
                rule.additional = additional.isBoolean() ? (additional.asBoolean() ? ANY : null)
                        : rule(additional, where + "/additionalProperties");
            }
            if (rule.properties.isEmpty() && !rule.additionalDeclared) {
                rule.additional = ANY; // "type: object" and nothing more says nothing about the fields
            }
            JsonNode items = schema.get("items");
            if (items != null) {
                rule.items = rule(items, where + "/items");
            }
            JsonNode values = schema.get("enum");
            if (values != null) {
                Set<String> set = new LinkedHashSet<>();
                for (JsonNode value : values) {
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException(where + ": only string enums are supported");
                    }
                    set.add(value.asText());
                }
                rule.enumValues = Set.copyOf(set);
            }
            JsonNode constant = schema.get("const");
            if (constant != null) {
                rule.constant = constant.asText();
            }
            JsonNode format = schema.get("format");
            rule.dateTime = format != null && format.asText().equals("date-time");
            rule.minimum = schema.has("minimum") ? schema.get("minimum").decimalValue() : null;
            rule.maximum = schema.has("maximum") ? schema.get("maximum").decimalValue() : null;
            return rule;
        }
    }

    /** One check: the parser, the findings and the path to where it is (built into text only on a finding). */
    private final class Walk {
        private final JsonParser parser;
        private final Findings findings;
        private final Object[] path = new Object[64];
        private int depth;

        Walk(JsonParser parser, Findings findings) {
            this.parser = parser;
            this.findings = findings;
        }

        void value(Rule rule, Prop prop) throws IOException {
            if (rule == ANY) {
                parser.skipChildren();
                return;
            }
            JsonToken token = parser.currentToken();
            if (token == null) {
                problem("no value");
                return;
            }
            switch (token) {
                case VALUE_NULL -> {
                    if (!rule.types.contains(Kind.NULL)) {
                        problem(expected(rule, "null"));
                    }
                    if (prop != null && prop.captured) {
                        findings.captured(prop.name, null);
                    }
                }
                case START_OBJECT -> {
                    if (rule.types.contains(Kind.OBJECT)) {
                        object(rule);
                    } else {
                        problem(expected(rule, "object"));
                        parser.skipChildren();
                    }
                }
                case START_ARRAY -> {
                    if (rule.types.contains(Kind.ARRAY)) {
                        array(rule);
                    } else {
                        problem(expected(rule, "array"));
                        parser.skipChildren();
                    }
                }
                case VALUE_STRING -> {
                    if (!rule.types.contains(Kind.STRING)) {
                        problem(expected(rule, "string"));
                    } else if (rule.needsText() || (prop != null && prop.captured)) {
                        string(rule, prop, parser.getText());
                    }
                }
                case VALUE_NUMBER_INT -> {
                    if (!rule.types.contains(Kind.INTEGER)) {
                        problem(expected(rule, "number"));
                    } else {
                        range(rule);
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    if (!rule.types.contains(Kind.NUMBER)) {
                        problem(expected(rule, "number"));
                    } else {
                        range(rule);
                    }
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    if (!rule.types.contains(Kind.BOOLEAN)) {
                        problem(expected(rule, "boolean"));
                    }
                }
                default -> problem("unexpected " + token);
            }
        }

        private void object(Rule rule) throws IOException {
            long seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                Prop prop = rule.properties.get(name);
                push(name);
                if (prop != null) {
                    seen |= 1L << prop.index;
                    value(prop.rule, prop);
                } else if (rule.additional == ANY) {
                    parser.skipChildren();
                } else if (rule.additional != null) {
                    value(rule.additional, null);
                } else if (reading == Reading.SENT || rule.additionalDeclared) {
                    problem("unknown field (known: " + new TreeSet<>(rule.properties.keySet()) + ")");
                    parser.skipChildren();
                } else {
                    findings.drift(Drift.UNKNOWN_FIELD, schemaPath(), abbreviate(name));
                    parser.skipChildren();
                }
                depth--;
            }
            if ((seen & rule.requiredMask) != rule.requiredMask) {
                for (Prop prop : rule.required) {
                    if ((seen & (1L << prop.index)) == 0) {
                        push(prop.name);
                        problem("required");
                        depth--;
                    }
                }
            }
        }

        private void array(Rule rule) throws IOException {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                push(index++);
                value(rule.items == null ? ANY : rule.items, null);
                depth--;
            }
        }

        private void string(Rule rule, Prop prop, String text) {
            if (prop != null && prop.captured) {
                findings.captured(prop.name, text);
            }
            if (rule.constant != null && !rule.constant.equals(text)) {
                problem("must be '" + rule.constant + "', was '" + abbreviate(text) + "'");
            }
            if (rule.enumValues != null && !rule.enumValues.contains(text)) {
                if (reading == Reading.RECEIVED) {
                    findings.drift(Drift.UNKNOWN_ENUM_VALUE, schemaPath(), abbreviate(text));
                } else {
                    problem("'" + abbreviate(text) + "' is not one of " + new TreeSet<>(rule.enumValues));
                }
            }
            if (rule.dateTime && !KomboDateTime.valid(text)) {
                problem("'" + abbreviate(text) + "' is not a date-time with offset (e.g. 2026-11-25T14:30:00.000Z)");
            }
        }

        private void range(Rule rule) throws IOException {
            if (rule.minimum == null && rule.maximum == null) {
                return;
            }
            BigDecimal value = parser.getDecimalValue();
            if ((rule.minimum != null && value.compareTo(rule.minimum) < 0)
                    || (rule.maximum != null && value.compareTo(rule.maximum) > 0)) {
                problem(value + " is outside " + (rule.minimum == null ? "" : rule.minimum) + ".."
                        + (rule.maximum == null ? "" : rule.maximum));
            }
        }

        private void push(Object segment) {
            if (depth == path.length) {
                throw new IllegalStateException("JSON nested deeper than " + path.length);
            }
            path[depth++] = segment;
        }

        private void problem(String message) {
            findings.problem(path(false), message);
        }

        private String schemaPath() {
            return path(true);
        }

        /** {@code users[2].id}, or with {@code generic} {@code users[].id}. */
        private String path(boolean generic) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                Object segment = path[i];
                if (segment instanceof Integer index) {
                    text.append('[').append(generic ? "" : index).append(']');
                } else {
                    if (text.length() > 0) {
                        text.append('.');
                    }
                    text.append(segment);
                }
            }
            return text.toString();
        }
    }

    private static String expected(Rule rule, String found) {
        return "expected " + rule.typeText + ", found " + found;
    }

    /** Short, printable: control characters and lone surrogates cannot go into a log line or a header. */
    static String abbreviate(String text) {
        String printable = text.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
