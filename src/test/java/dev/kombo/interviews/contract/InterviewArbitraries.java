package dev.kombo.interviews.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import dev.kombo.interviews.kombo.KomboSchemas;

/**
 * jqwik arbitraries for what {@code GET /ats/interviews} may answer, made by walking the contract's interview
 * schema ({@value #ITEMS} of the vendored OpenAPI document), not a copy of its fields: a field, type or enum value
 * added to the contract is generated without a change here, and a keyword the walk does not know stops it.
 * <p>
 * Every value is one Kombo may send, read as Kombo's SDK reads the contract: null wherever the type allows null
 * (an enum included), optional properties sometimes absent, every enum value, date-times in every form the SDK
 * accepts. Kombo adds to its API over time, so there are also enum values and fields the contract does not list
 * yet (an outcome {@code WITHDRAWN}, a new field in any object).
 */
final class InterviewArbitraries {

    private static final String ITEMS =
            "/components/schemas/GetAtsInterviewsPositiveResponse/properties/data/properties/results/items";

    /** Keywords that only document; the walk skips them. Any keyword not here or in {@link #GENERATED} stops it. */
    private static final Set<String> DOCUMENTATION = Set.of("description", "examples", "example", "externalDocs",
            "default", "title");
    private static final Set<String> GENERATED = Set.of("type", "properties", "required", "items", "enum", "const",
            "format", "pattern", "additionalProperties");

    /** The contract's email pattern (users[].email, candidate.email_addresses[].email_address). */
    private static final String EMAIL_PATTERN = "^(?!\\.)(?!.*\\.\\.)([\\w'+-.]*)[\\w+-]@([\\da-z][\\da-z-]*\\.)+[a-z]{2,}$";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String KOMBO_ID_CHARS = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /** Text that tends to break JSON handling: quotes, escapes, line breaks, placeholders Camel might expand. */
    private static final List<String> TRICKY = List.of("\"", "\\", "/", "\\u0000", "\\n", "\n", "\r\n", "\t", "\b",
            "\f", "\u007f", "\u2028", "\u2029", "\ufeff", "\u200b", "é", "e\u0301", "ß", "Lohmühlenstraße", "中文",
            "日本語", "עברית", "العربية", "😀", "👩‍💻", "🇩🇪", "\"}]", "{\"id\":", "</script>", "${body}",
            "{{kombo.api-key}}", "'", "`", "%2F", "&amp;", "null");

    private final JsonNode items;
    private final boolean unknownEnumValues;
    private final Arbitrary<ObjectNode> records;

    private InterviewArbitraries(JsonNode items, boolean unknownEnumValues) {
        this.items = items;
        this.unknownEnumValues = unknownEnumValues;
        // the id is the record's key: the schema says string, the sinks need one with a letter or digit in it
        this.records = object(items, "", Map.of("id", ids())).map(ObjectNode.class::cast);
    }

    /**
     * @param unknownEnumValues also enum values the contract does not list (Kombo promises nothing about them:
     *                          the SDK refuses them, a forward-compatible bundle delivers them)
     */
    static InterviewArbitraries fromContract(boolean unknownEnumValues) {
        return new InterviewArbitraries(KomboSchemas.spec(KomboSchemas.GET_SPEC).at(ITEMS), unknownEnumValues);
    }

    /** A field of a JSON object. */
    record Field(String name, JsonNode value) {
    }

    /** Interviews as Kombo may send them. Ids are usable; {@link #pages} makes them unique within a run. */
    Arbitrary<ObjectNode> records() {
        return records;
    }

    /** Interviews, as entries of a page. */
    Arbitrary<ScriptedPage.Entry> interviews() {
        return records.map(ScriptedPage.Entry::interview);
    }

    /**
     * The pages of one sync run: 1 to {@code maxPages}, each with up to {@code maxResults} entries. Ids are unique
     * within the run, each page but the last names a cursor of its own, and the envelope may carry fields the
     * contract does not declare (yet).
     */
    static Arbitrary<List<ScriptedPage>> pages(Arbitrary<ScriptedPage.Entry> entries, int maxPages, int maxResults) {
        // sizes spread evenly: jqwik's default favours small ones, the more so the fewer the tries
        Arbitrary<List<List<ScriptedPage.Entry>>> results = entries.list().ofMaxSize(maxResults)
                .withSizeDistribution(RandomDistribution.uniform())
                .list().ofMinSize(1).ofMaxSize(maxPages).withSizeDistribution(RandomDistribution.uniform())
                .filter(InterviewArbitraries::idsUnique);
        // Kombo's cursors are opaque base64: '+', '/' and '=' must survive the query string
        Arbitrary<List<String>> cursors = Arbitraries.strings().alpha().numeric().withChars("+/=-_")
                .ofMinLength(1).ofMaxLength(40).list().ofSize(maxPages).uniqueElements();
        Arbitrary<List<List<Field>>> envelopes = unknownFields(Set.of("status", "data")).list().ofSize(maxPages);
        Arbitrary<List<List<Field>>> datas = unknownFields(Set.of("next", "results")).list().ofSize(maxPages);
        Arbitrary<List<Long>> layouts = Arbitraries.longs().list().ofSize(maxPages);
        return Combinators.combine(results, cursors, envelopes, datas, layouts).as((pages, next, envelope, data, layout) -> {
            List<ScriptedPage> script = new ArrayList<>();
            for (int i = 0; i < pages.size(); i++) {
                script.add(new ScriptedPage(pages.get(i), i + 1 < pages.size() ? next.get(i) : null, envelope.get(i),
                        data.get(i), layout.get(i)));
            }
            return script;
        });
    }

    private static boolean idsUnique(List<List<ScriptedPage.Entry>> pages) {
        Set<String> ids = new HashSet<>();
        return pages.stream().flatMap(List::stream).map(e -> e.json().path("id"))
                .filter(JsonNode::isTextual).allMatch(id -> ids.add(id.asText()));
    }

    /**
     * Results the sinks cannot handle, each made from an interview: no usable string id, not a JSON object, or a
     * declared field (at any depth) holding a JSON type its schema does not allow, such as {@code canceled: "yes"}.
     */
    Arbitrary<ScriptedPage.Entry> unhandleable() {
        Arbitrary<ScriptedPage.Entry> noId = Combinators.combine(records, unusableIds()).as((record, id) -> {
            ObjectNode copy = record.deepCopy();
            id.ifPresentOrElse(v -> copy.set("id", v), () -> copy.remove("id"));
            return ScriptedPage.Entry.unhandleable(copy, "no usable string id", "id");
        });
        Arbitrary<ScriptedPage.Entry> notObject = jsonValues().filter(v -> !v.isObject())
                .map(v -> ScriptedPage.Entry.unhandleable(v, "not an object", null));
        Arbitrary<ScriptedPage.Entry> wrongType = records.flatMap(record -> {
            List<Slot> slots = new ArrayList<>();
            slots(record, items, new ArrayList<>(), null, slots);
            return Arbitraries.of(slots).flatMap(slot -> Arbitraries.of(wrongValues(slot.types())).map(wrong -> {
                ObjectNode copy = record.deepCopy();
                slot.set(copy, wrong);
                return ScriptedPage.Entry.unhandleable(copy, "wrong JSON type at " + slot.where(), slot.field());
            }));
        });
        return Arbitraries.oneOf(noId, notObject, wrongType);
    }

    /** No id, or one that is not a string with something in it. */
    private static Arbitrary<Optional<JsonNode>> unusableIds() {
        return Arbitraries.<JsonNode>of(NullNode.getInstance(), IntNode.valueOf(42), BooleanNode.TRUE,
                NODES.objectNode(), NODES.arrayNode().add("A1"), TextNode.valueOf(""), TextNode.valueOf(" "),
                TextNode.valueOf("\t\n")).optional(0.8);
    }

    /** A place in a record the schema declares: a property or an array item, with the JSON types it allows. */
    private record Slot(List<Object> path, List<String> types, String field) {

        String where() {
            StringBuilder text = new StringBuilder();
            for (Object step : path) {
                text.append(step instanceof Integer i ? "[" + i + "]" : (text.length() == 0 ? "" : ".") + step);
            }
            return text.toString();
        }

        void set(JsonNode root, JsonNode value) {
            JsonNode parent = root;
            for (Object step : path.subList(0, path.size() - 1)) {
                parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
            }
            Object last = path.get(path.size() - 1);
            if (last instanceof Integer i) {
                ((ArrayNode) parent).set(i, value);
            } else {
                ((ObjectNode) parent).set((String) last, value);
            }
        }
    }

    private static void slots(JsonNode value, JsonNode schema, List<Object> path, String field, List<Slot> out) {
        if (value.isObject() && schema.has("properties")) {
            schema.get("properties").fields().forEachRemaining(p -> {
                JsonNode v = value.get(p.getKey());
                // the interview's own id is the "no usable id" case
                if (v != null && !(path.isEmpty() && p.getKey().equals("id"))) {
                    List<Object> at = new ArrayList<>(path);
                    at.add(p.getKey());
                    out.add(new Slot(at, types(p.getValue(), p.getKey()), p.getKey()));
                    slots(v, p.getValue(), at, p.getKey(), out);
                }
            });
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                List<Object> at = new ArrayList<>(path);
                at.add(i);
                out.add(new Slot(at, types(schema.get("items"), field), field));
                slots(value.get(i), schema.get("items"), at, field, out);
            }
        }
    }

    /** JSON values of every type the schema does not allow. */
    private static List<JsonNode> wrongValues(List<String> allowed) {
        List<JsonNode> wrong = new ArrayList<>();
        if (!allowed.contains("string")) {
            wrong.add(TextNode.valueOf("yes"));
        }
        if (!allowed.contains("boolean")) {
            wrong.add(BooleanNode.TRUE);
        }
        if (!allowed.contains("number") && !allowed.contains("integer")) {
            wrong.add(IntNode.valueOf(1));
        }
        if (!allowed.contains("object")) {
            wrong.add(NODES.objectNode());
        }
        if (!allowed.contains("array")) {
            wrong.add(NODES.arrayNode());
        }
        if (!allowed.contains("null")) {
            wrong.add(NullNode.getInstance());
        }
        return wrong;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The walk
    // ------------------------------------------------------------------------------------------------------------

    private Arbitrary<JsonNode> value(JsonNode schema, String path) {
        checkKeywords(schema, path);
        List<String> types = types(schema, path);
        Arbitrary<JsonNode> value;
        if (schema.has("const")) {
            value = Arbitraries.just(schema.get("const"));
        } else if (schema.has("enum")) {
            value = enumValues(schema);
        } else {
            List<Arbitrary<JsonNode>> nonNull = new ArrayList<>();
            for (String type : types) {
                switch (type) {
                    case "null" -> { }
                    case "string" -> nonNull.add(string(schema, path));
                    case "boolean" -> nonNull.add(Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE));
                    case "integer" -> nonNull.add(Arbitraries.longs().map(LongNode::valueOf));
                    case "number" -> nonNull.add(numbers());
                    case "object" -> nonNull.add(object(schema, path, Map.of()));
                    case "array" -> nonNull.add(value(schema.path("items"), path + "[]").list().ofMaxSize(3)
                            .map(InterviewArbitraries::array));
                    default -> throw new IllegalStateException(path + ": type '" + type + "' is not JSON Schema's");
                }
            }
            value = Arbitraries.oneOf(nonNull);
        }
        // Kombo's meaning of type [x, 'null'], also next to an enum without null in it: x or null
        return types.contains("null")
                ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(NullNode.getInstance())), Tuple.of(3, value))
                : value;
    }

    private static void checkKeywords(JsonNode schema, String path) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!DOCUMENTATION.contains(keyword) && !GENERATED.contains(keyword)) {
                throw new IllegalStateException("the contract uses '" + keyword + "' at " + where(path)
                        + ", which the generator does not know: teach InterviewArbitraries what it allows");
            }
        });
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            throw new IllegalStateException("additionalProperties with a schema at " + where(path) + " is not generated");
        }
    }

    private static List<String> types(JsonNode schema, String path) {
        JsonNode type = schema.get("type");
        if (type == null) {
            throw new IllegalStateException("no type at " + where(path));
        }
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private Arbitrary<JsonNode> enumValues(JsonNode schema) {
        List<JsonNode> known = new ArrayList<>();
        schema.get("enum").forEach(v -> {
            if (!v.isNull()) {
                known.add(v);
            }
        });
        Arbitrary<JsonNode> listed = Arbitraries.of(known);
        if (!unknownEnumValues || !known.stream().allMatch(JsonNode::isTextual)) {
            return listed;
        }
        Set<String> names = new HashSet<>();
        known.forEach(v -> names.add(v.asText()));
        Arbitrary<String> added = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("WITHDRAWN")),
                Tuple.of(2, Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(16)),
                Tuple.of(1, Arbitraries.of(known).map(v -> v.asText().toLowerCase(java.util.Locale.ROOT))),
                Tuple.of(1, texts()));
        return Arbitraries.frequencyOf(Tuple.of(4, listed),
                Tuple.of(1, added.filter(v -> !names.contains(v)).map(TextNode::valueOf)));
    }

    private static Arbitrary<JsonNode> string(JsonNode schema, String path) {
        if (schema.has("format")) {
            String format = schema.get("format").asText();
            if (!format.equals("date-time")) {
                throw new IllegalStateException("format '" + format + "' at " + where(path) + " is not generated");
            }
            return dateTimes().map(TextNode::valueOf);
        }
        if (schema.has("pattern")) {
            return matching(schema.get("pattern").asText(), path).map(TextNode::valueOf);
        }
        return texts().map(TextNode::valueOf);
    }

    private Arbitrary<JsonNode> object(JsonNode schema, String path, Map<String, Arbitrary<JsonNode>> overrides) {
        JsonNode properties = schema.path("properties");
        boolean open = schema.path("additionalProperties").asBoolean(true);
        if (properties.isEmpty()) {
            // remote_data: whatever the remote system sent
            return open ? jsonObjects() : Arbitraries.just(NODES.objectNode());
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<Optional<Field>>> declared = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            Arbitrary<Field> field = overrides.getOrDefault(name, value(property.getValue(), at))
                    .map(v -> new Field(name, v));
            declared.add(required.contains(name) ? field.map(Optional::of) : field.optional(0.75));
        }
        Arbitrary<List<Field>> added = open ? unknownFields(propertyNames(schema)) : Arbitraries.just(List.of());
        return Combinators.combine(Combinators.combine(declared).as(fields -> fields), added)
                .as((fields, extra) -> {
                    ObjectNode object = NODES.objectNode();
                    fields.forEach(f -> f.ifPresent(field -> object.set(field.name(), field.value())));
                    extra.forEach(field -> object.set(field.name(), field.value()));
                    return object;
                });
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Fields the contract does not declare (yet): mostly none, sometimes one or two, with any JSON value. */
    static Arbitrary<List<Field>> unknownFields(Set<String> declared) {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(14)),
                Tuple.of(1, texts()))
                .filter(name -> !declared.contains(name));
        Arbitrary<List<Field>> some = Combinators.combine(names, jsonValues()).as(Field::new)
                .list().ofMinSize(1).ofMaxSize(2).uniqueElements(Field::name);
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(1, some));
    }

    private static String where(String path) {
        return path.isEmpty() ? "the interview" : path;
    }

    private static ArrayNode array(List<JsonNode> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Values
    // ------------------------------------------------------------------------------------------------------------

    /** Kombo's ids (24 characters of base58), sometimes any text with a letter or digit in it. */
    static Arbitrary<JsonNode> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars(KOMBO_ID_CHARS).ofLength(24)),
                Tuple.of(1, texts().filter(t -> t.codePoints().anyMatch(Character::isLetterOrDigit))))
                .map(TextNode::valueOf);
    }

    /**
     * Text as people and remote systems write it: words, punctuation, JSON's special characters, every control
     * character, letters of many scripts, combining marks, emoji (supplementary code points, surrogate pairs in
     * Java). Never a lone surrogate: that is not text.
     */
    static Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().alpha().numeric().withChars(" -_.,:;!?()@").ofMinLength(1).ofMaxLength(8)),
                Tuple.of(3, Arbitraries.of(TRICKY)),
                Tuple.of(1, Arbitraries.chars().range('\u0000', '\u001f').map(String::valueOf)),
                Tuple.of(2, Arbitraries.chars().range('\u00a0', '\ud7ff').map(String::valueOf)),
                Tuple.of(1, Arbitraries.chars().range('\ue000', '\ufffd').map(String::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff).map(Character::toString)));
        return piece.list().ofMaxSize(6).map(pieces -> String.join("", pieces));
    }

    /**
     * Date-times in the forms Kombo's SDK accepts ({@code z.string().datetime({offset: true})}): a valid calendar
     * date (Feb 29 of leap years included), {@code THH:mm}, optional {@code :ss}, optional fraction, then {@code Z}
     * or an offset {@code ±HH:MM} / {@code ±HHMM}. Mostly Kombo's own {@code YYYY-MM-DDTHH:mm:ss.sssZ}.
     */
    static Arbitrary<String> dateTimes() {
        Arbitrary<LocalDate> dates = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(),
                        LocalDate.of(2199, 12, 31).toEpochDay()).map(LocalDate::ofEpochDay)),
                Tuple.of(1, Arbitraries.integers().between(1900, 2199).filter(Year::isLeap)
                        .map(year -> LocalDate.of(year, 2, 29))));
        Arbitrary<String> twoDigits59 = Arbitraries.integers().between(0, 59).map(n -> String.format("%02d", n));
        // Kombo's own form first: shrinking goes there unless another form is what fails
        Arbitrary<String> seconds = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(twoDigits59, Arbitraries.strings().numeric().ofLength(3))
                        .as((s, f) -> ":" + s + "." + f)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, twoDigits59.map(s -> ":" + s)),
                Tuple.of(1, Combinators.combine(twoDigits59, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9))
                        .as((s, f) -> ":" + s + "." + f)));
        Arbitrary<String> clock = Combinators.combine(Arbitraries.integers().between(0, 23), twoDigits59, seconds)
                .as((h, m, s) -> String.format("%02d:%s%s", h, m, s));
        Arbitrary<String> offset = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("Z")),
                // the offsets in use on Earth lie within -12:00..+14:00
                Tuple.of(1, Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 14),
                        Arbitraries.of(0, 30, 45), Arbitraries.of(":", ""))
                        .as((sign, h, m, colon) -> String.format("%s%02d%s%02d", sign, h, colon, m))));
        return Combinators.combine(dates, clock, offset).as((d, t, o) -> d + "T" + t + o);
    }

    /** Strings for a {@code pattern} of the contract; only patterns with a generator here are supported. */
    private static Arbitrary<String> matching(String pattern, String path) {
        if (!pattern.trim().equals(EMAIL_PATTERN)) {
            throw new IllegalStateException("the pattern " + pattern + " at " + path + " has no generator");
        }
        Pattern compiled = Pattern.compile(pattern.trim());
        return emails().filter(email -> compiled.matcher(email).find());
    }

    private static Arbitrary<String> emails() {
        String word = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        Arbitrary<String> local = Combinators.combine(
                Arbitraries.strings().withChars(word + "'+,-.").ofMaxLength(10),
                Arbitraries.strings().withChars(word + "+-").ofLength(1)).as(String::concat);
        Arbitrary<String> label = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMaxLength(8)).as(String::concat);
        Arbitrary<String> domain = Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6))
                .as((labels, tld) -> String.join(".", labels) + "." + tld);
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    private static Arbitrary<JsonNode> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(IntNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19).negate(), BigInteger.TEN.pow(25))
                        .map(NODES::numberNode),
                Arbitraries.doubles().filter(Double::isFinite).map(DoubleNode::valueOf),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(4)
                        .map(DecimalNode::valueOf));
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(NullNode.getInstance())),
                Tuple.of(1, Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE)),
                Tuple.of(2, numbers()),
                Tuple.of(3, texts().map(TextNode::valueOf)));
    }

    /** Any JSON value, nested up to three levels. */
    static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.recursive(InterviewArbitraries::scalars, deeper -> Arbitraries.frequencyOf(
                Tuple.of(2, scalars()),
                Tuple.of(1, deeper.list().ofMaxSize(3).map(InterviewArbitraries::array)),
                Tuple.of(1, members(deeper))), 0, 3);
    }

    /** Any JSON object (its values nested up to three levels). */
    static Arbitrary<JsonNode> jsonObjects() {
        return members(jsonValues());
    }

    private static Arbitrary<JsonNode> members(Arbitrary<JsonNode> values) {
        return Combinators.combine(texts(), values).as(Field::new).list().ofMaxSize(3).uniqueElements(Field::name)
                .map(fields -> {
                    ObjectNode object = NODES.objectNode();
                    fields.forEach(f -> object.set(f.name(), f.value()));
                    return object;
                });
    }

    // ------------------------------------------------------------------------------------------------------------
    // What a set of records covers, in the schema's terms (the properties' statistics)
    // ------------------------------------------------------------------------------------------------------------

    /** What the schema allows that the generator is meant to produce, each as a label {@link #features} uses. */
    Set<String> allowedFeatures() {
        Set<String> features = new TreeSet<>(List.of("date-time without seconds", "date-time with seconds",
                "date-time with a fraction", "date-time Z", "date-time ±HH:MM", "date-time ±HHMM", "date-time Feb 29",
                "text with a control character", "text with a quote or backslash", "text beyond the BMP",
                "text beyond ASCII"));
        allowed(items, "(interview)", features);
        return features;
    }

    private void allowed(JsonNode schema, String path, Set<String> out) {
        List<String> types = types(schema, path);
        if (types.contains("null")) {
            out.add(path + " null");
        }
        if (schema.has("enum")) {
            schema.get("enum").forEach(v -> out.add(path + " = " + v.asText()));
            if (unknownEnumValues) {
                out.add(path + " unknown enum value");
            }
        }
        if (types.contains("object") && schema.has("properties")) {
            if (schema.path("additionalProperties").asBoolean(true)) {
                out.add(path + " unknown field");
            }
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.get("properties").fields().forEachRemaining(p -> {
                if (!required.contains(p.getKey())) {
                    out.add(path + "." + p.getKey() + " absent");
                }
                allowed(p.getValue(), path + "." + p.getKey(), out);
            });
        }
        if (types.contains("array")) {
            out.add(path + " empty");
            allowed(schema.get("items"), path + "[]", out);
        }
    }

    /** The labels of {@link #allowedFeatures} that this record shows. */
    Set<String> features(JsonNode record) {
        Set<String> out = new TreeSet<>();
        features(record, items, "(interview)", out);
        return out;
    }

    private void features(JsonNode value, JsonNode schema, String path, Set<String> out) {
        if (value.isNull()) {
            out.add(path + " null");
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode v : schema.get("enum")) {
                listed |= v.equals(value);
            }
            out.add(listed ? path + " = " + value.asText() : path + " unknown enum value");
        } else if (value.isTextual() && "date-time".equals(schema.path("format").asText())) {
            dateTimeForms(value.asText(), out);
        } else if (value.isTextual()) {
            textForms(value.asText(), out);
        }
        if (value.isObject() && schema.has("properties")) {
            Set<String> declared = propertyNames(schema);
            value.fieldNames().forEachRemaining(name -> {
                if (!declared.contains(name)) {
                    out.add(path + " unknown field");
                }
            });
            schema.get("properties").fields().forEachRemaining(p -> {
                JsonNode v = value.get(p.getKey());
                if (v == null) {
                    out.add(path + "." + p.getKey() + " absent");
                } else {
                    features(v, p.getValue(), path + "." + p.getKey(), out);
                }
            });
        }
        if (value.isArray()) {
            if (value.isEmpty()) {
                out.add(path + " empty");
            }
            value.forEach(item -> features(item, schema.get("items"), path + "[]", out));
        }
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?)\\d{2})");

    private static void dateTimeForms(String text, Set<String> out) {
        java.util.regex.Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException("generated date-time '" + text + "' is in no known form");
        }
        out.add(m.group(2) == null ? "date-time without seconds"
                : m.group(3) == null ? "date-time with seconds" : "date-time with a fraction");
        out.add(m.group(4).equals("Z") ? "date-time Z" : m.group(5).isEmpty() ? "date-time ±HHMM" : "date-time ±HH:MM");
        if (m.group(1).endsWith("-02-29")) {
            out.add("date-time Feb 29");
        }
    }

    private static void textForms(String text, Set<String> out) {
        if (text.chars().anyMatch(c -> c < 0x20)) {
            out.add("text with a control character");
        }
        if (text.indexOf('"') >= 0 || text.indexOf('\\') >= 0) {
            out.add("text with a quote or backslash");
        }
        if (text.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            out.add("text beyond the BMP");
        }
        if (text.chars().anyMatch(c -> c > 0x7f)) {
            out.add("text beyond ASCII");
        }
    }
}
