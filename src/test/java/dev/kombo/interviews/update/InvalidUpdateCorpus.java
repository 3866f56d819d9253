package dev.kombo.interviews.update;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A generated, deterministic (seeded) corpus of update requests the bundle must refuse, for the HTTP entry
 * point (Kombo-compatible: ids in path and headers) and for the envelope of the file drop and the JMS queue.
 * Every case names its category and the field a refusal must name.
 */
final class InvalidUpdateCorpus {

    enum Category {
        MALFORMED_JSON, WRONG_TYPE, MISSING_FIELD, UNKNOWN_FIELD, WRONG_ENUM, IMPOSSIBLE_DATE, END_NOT_AFTER_START,
        OVERSIZE, DEEP_NESTING, UNICODE, HEADER_INJECTION, PATH_TRAVERSAL
    }

    enum Target {
        /** PATCH /ats/applications/{applicationPath}/interviews, X-Integration-Id, Idempotency-Key, PATCH body */
        HTTP,
        /** {"integration_id", "application_id", "interview", "idempotency_key"?} as file or JMS message */
        ENVELOPE
    }

    /**
     * One invalid request. {@code field}: what a refusal must name (a problem of the answer contains it).
     * {@code applicationPath} is the raw (already percent-encoded) path segment for HTTP. {@code pathLevel}: the
     * HTTP server itself may refuse the request line or path (404/414/400 without the bundle's problems).
     * {@code oversize}: the body is padded to this many bytes when sent (built lazily, they are big).
     */
    record Case(int id, Category category, String field, Target target, String applicationPath,
            String integrationId, String idempotencyKey, byte[] rawBody, int oversize, boolean pathLevel,
            String description) {

        byte[] body() {
            if (oversize <= 0) {
                return rawBody;
            }
            // a valid request whose title makes it oversize
            String text = new String(rawBody, StandardCharsets.UTF_8);
            int at = text.indexOf("\"title\":\"") + 9;
            byte[] pad = new byte[oversize - rawBody.length];
            Arrays.fill(pad, (byte) 'x');
            byte[] out = new byte[oversize];
            byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
            byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(pad, 0, out, head.length, pad.length);
            System.arraycopy(tail, 0, out, head.length + pad.length, tail.length);
            return out;
        }

        String name() {
            return String.format("case-%05d-%s", id, category.name().toLowerCase());
        }
    }

    static final String ACME = "sandbox:acme-greenhouse";
    static final String GLOBEX = "sandbox:globex-workday";
    /** non-ASCII written as \\uXXXX escapes: a lone surrogate stays a lone surrogate (getBytes would make it '?') */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> BODY_FIELDS = List.of("interview_id", "title", "start_time", "end_time",
            "interviewer_user_ids", "organizer_user_id", "location");
    private static final List<String> STRING_FIELDS = List.of("interview_id", "title", "start_time", "end_time",
            "organizer_user_id");

    private final Random random;
    private final Target target;
    private int next;

    private InvalidUpdateCorpus(long seed, Target target, int firstId) {
        this.random = new Random(seed);
        this.target = target;
        this.next = firstId;
    }

    /**
     * {@code count} ordinary cases drawn evenly from every category but OVERSIZE, plus {@code oversize} oversize
     * ones ({@code bigBytes} bytes half of them, just over {@code limit} the others).
     */
    static List<Case> generate(long seed, Target target, int firstId, int count, int oversize, int limit,
            int bigBytes) {
        InvalidUpdateCorpus corpus = new InvalidUpdateCorpus(seed, target, firstId);
        List<BiFunction<InvalidUpdateCorpus, Integer, Case>> generators = List.of(
                InvalidUpdateCorpus::malformed, InvalidUpdateCorpus::wrongType, InvalidUpdateCorpus::missing,
                InvalidUpdateCorpus::unknownField, InvalidUpdateCorpus::wrongEnum, InvalidUpdateCorpus::impossibleDate,
                InvalidUpdateCorpus::endNotAfterStart, InvalidUpdateCorpus::deepNesting, InvalidUpdateCorpus::unicode,
                InvalidUpdateCorpus::headerInjection, InvalidUpdateCorpus::pathTraversal);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(generators.get(i % generators.size()).apply(corpus, i / generators.size()));
        }
        for (int i = 0; i < oversize; i++) {
            cases.add(corpus.oversize(i % 2 == 0 ? bigBytes : limit + 1 + corpus.random.nextInt(200_000)));
        }
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------
    // a valid request to start from

    private String id(String prefix) {
        StringBuilder b = new StringBuilder(prefix);
        int n = 6 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789".charAt(random.nextInt(58)));
        }
        return b.toString();
    }

    private String time(int minutesFromBase) {
        return java.time.OffsetDateTime.parse("2027-01-15T09:00:00Z").plusMinutes(minutesFromBase).toString();
    }

    private ObjectNode validBody() {
        ObjectNode body = NODES.objectNode();
        int start = random.nextInt(60 * 24 * 300);
        body.put("interview_id", id("int_"));
        body.put("title", "Round " + random.nextInt(1000));
        body.put("start_time", time(start));
        body.put("end_time", time(start + 15 + random.nextInt(180)));
        ArrayNode users = body.putArray("interviewer_user_ids");
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            users.add(id("usr_"));
        }
        body.put("organizer_user_id", users.get(0).asText());
        ObjectNode location = body.putObject("location");
        location.put("type", random.nextBoolean() ? "VIRTUAL" : "PHYSICAL");
        if (random.nextBoolean()) {
            location.put("address", "https://meet.example.com/" + random.nextInt(100_000));
        }
        return body;
    }

    /** Builds the case from a body and ids; envelope ids go in the envelope, HTTP ids in path and headers. */
    private final class Builder {
        final Category category;
        ObjectNode body = validBody();
        String integrationId = random.nextBoolean() ? ACME : GLOBEX;
        String applicationId = id("app_");
        String idempotencyKey = random.nextInt(4) == 0 ? id("key-") : null;
        /** envelope only: fields of the envelope (set after the ids) */
        ObjectNode extraEnvelope = NODES.objectNode();
        JsonNode envelopeIntegration;
        JsonNode envelopeApplication;
        JsonNode envelopeKey;
        JsonNode interviewNode;
        boolean dropIntegration;
        boolean dropApplication;
        boolean dropInterview;
        String rawText;
        String field;
        String description;
        boolean pathLevel;

        Builder(Category category) {
            this.category = category;
        }

        /** the name of a body field as the refusal names it */
        String bodyField(String name) {
            return target == Target.ENVELOPE ? "interview." + name : name;
        }

        String text() {
            if (rawText != null) {
                return rawText;
            }
            if (target == Target.HTTP) {
                return write(interviewNode != null ? interviewNode : body);
            }
            ObjectNode envelope = NODES.objectNode();
            if (!dropIntegration) {
                envelope.set("integration_id", envelopeIntegration != null ? envelopeIntegration : NODES.textNode(integrationId));
            }
            if (!dropApplication) {
                envelope.set("application_id", envelopeApplication != null ? envelopeApplication : NODES.textNode(applicationId));
            }
            if (envelopeKey != null) {
                envelope.set("idempotency_key", envelopeKey);
            } else if (idempotencyKey != null) {
                envelope.put("idempotency_key", idempotencyKey);
            }
            if (!dropInterview) {
                envelope.set("interview", interviewNode != null ? interviewNode : body);
            }
            envelope.setAll(extraEnvelope);
            return write(envelope);
        }

        Case build() {
            return build(text().getBytes(StandardCharsets.UTF_8));
        }

        Case build(byte[] bytes) {
            return new Case(next++, category, field, target, target == Target.HTTP ? applicationId : null,
                    target == Target.HTTP ? integrationId : null, target == Target.HTTP ? idempotencyKey : null,
                    bytes, 0, pathLevel, description);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the categories

    private Case malformed(int n) {
        Builder b = new Builder(Category.MALFORMED_JSON);
        b.field = "body";
        String valid = b.text();
        switch (n % 10) {
            case 0, 1 -> {
                int cut = 1 + random.nextInt(valid.length() - 1);
                b.rawText = valid.substring(0, cut);
                b.description = "truncated at " + cut;
            }
            case 2, 3 -> {
                String garbage = pick(List.of("}", "]", "x", ",", "{}", " {\"a\":1}", " garbage", "\"", "]]]", " null",
                        "{", " 1", "//"));
                b.rawText = valid + garbage;
                b.description = "trailing garbage " + garbage;
            }
            case 4 -> {
                b.rawText = valid.replace('"', '\'');
                b.description = "single quotes";
            }
            case 5 -> {
                String literal = pick(List.of("NaN", "Infinity", "-Infinity", "+Infinity", "undefined"));
                String f = pick(List.of("\"title\":", "\"start_time\":", "\"interview_id\":"));
                b.rawText = valid.replaceFirst(java.util.regex.Pattern.quote(f) + "\"[^\"]*\"",
                        java.util.regex.Matcher.quoteReplacement(f + literal));
                b.description = literal + " in " + f;
            }
            case 6 -> {
                String after = pick(List.of("garbage", "\uFEFF" + valid, "x" + valid, "<xml/>", ")]}'\n" + valid));
                b.description = "BOM + " + (after.length() > 12 ? after.substring(0, 12) : after);
                return b.build(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        after.getBytes(StandardCharsets.UTF_8)));
            }
            case 7 -> {
                b.rawText = pick(List.of("", " ", "\n", "{", "}", "[", "nul", "tru", "{\"a\"", "{\"a\":}", "{,}",
                        "{\"a\":1,}", "[1,]", "{a:1}", "/* c */ {}", "\u0000"));
                b.description = "fragment '" + b.rawText + "'";
            }
            case 8 -> {
                b.rawText = valid.replaceFirst("\",\"", "\" \"");
                b.description = "missing comma";
            }
            default -> {
                // invalid UTF-8 inside a string: stray bytes, and sequences a lenient decoder turns into U+FFFD:
                // an overlong '/', an encoded surrogate, a code point beyond U+10FFFF
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("Round ");
                byte[] invalid = pick(List.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xFE}, new byte[] {(byte) 0xED}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
                b.description = "invalid UTF-8 " + java.util.HexFormat.ofDelimiter(" ").formatHex(invalid);
                return b.build(concat(concat(Arrays.copyOf(bytes, at), invalid),
                        Arrays.copyOfRange(bytes, at, bytes.length)));
            }
        }
        return b.build();
    }

    private JsonNode wrongValue(boolean stringExpected) {
        int k = random.nextInt(stringExpected ? 6 : 5);
        return switch (k) {
            case 0 -> NODES.numberNode(random.nextInt(100_000) - 50_000);
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.objectNode().put("value", "x");
            case 3 -> NODES.nullNode();
            case 4 -> NODES.numberNode(random.nextDouble() * 1e6);
            default -> NODES.arrayNode().add("x");
        };
    }

    private Case wrongType(int n) {
        Builder b = new Builder(Category.WRONG_TYPE);
        int k = n % 13;
        if (k < 5) {
            String f = STRING_FIELDS.get(k);
            JsonNode v = wrongValue(true);
            b.body.set(f, v);
            b.field = b.bodyField(f);
            b.description = f + " = " + v;
        } else if (k == 5) {
            JsonNode v = pick(List.of(NODES.textNode("usr_1"), NODES.numberNode(7), NODES.objectNode(), NODES.nullNode(),
                    NODES.booleanNode(true)));
            b.body.set("interviewer_user_ids", v);
            b.field = b.bodyField("interviewer_user_ids");
            b.description = "interviewer_user_ids = " + v;
        } else if (k == 6) {
            ArrayNode users = (ArrayNode) b.body.get("interviewer_user_ids");
            JsonNode v = wrongValue(false);
            users.add(v);
            b.field = b.bodyField("interviewer_user_ids");
            b.description = "interviewer_user_ids item " + v;
        } else if (k == 7) {
            JsonNode v = pick(List.of(NODES.textNode("VIRTUAL"), NODES.numberNode(1), NODES.arrayNode().add("VIRTUAL"),
                    NODES.nullNode(), NODES.booleanNode(false)));
            b.body.set("location", v);
            b.field = b.bodyField("location");
            b.description = "location = " + v;
        } else if (k == 8) {
            String f = pick(List.of("type", "address"));
            JsonNode v = wrongValue(true);
            ((ObjectNode) b.body.get("location")).set(f, v);
            b.field = b.bodyField("location." + f);
            b.description = "location." + f + " = " + v;
        } else if (k == 9) {
            // the whole body is not an object
            JsonNode v = pick(List.of(NODES.arrayNode().add(b.body), NODES.textNode("interview"), NODES.numberNode(42),
                    NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode()));
            b.interviewNode = v;
            b.field = target == Target.ENVELOPE ? "interview" : "body";
            b.description = "body = " + v.getNodeType();
        } else if (target == Target.ENVELOPE) {
            String f = pick(List.of("integration_id", "application_id", "idempotency_key"));
            JsonNode v = wrongValue(true);
            if (v.isNull() && f.equals("idempotency_key")) {
                v = NODES.numberNode(5);
            }
            switch (f) {
                case "integration_id" -> b.envelopeIntegration = v;
                case "application_id" -> b.envelopeApplication = v;
                default -> b.envelopeKey = v;
            }
            b.field = f;
            b.description = f + " = " + v;
        } else {
            // HTTP: an id that is not a string cannot exist; a number-like / empty-ish id instead
            b.body.set(pick(STRING_FIELDS), wrongValue(true));
            String f = null;
            for (String s : STRING_FIELDS) {
                if (!b.body.get(s).isTextual()) {
                    f = s;
                }
            }
            b.field = f;
            b.description = f + " = " + b.body.get(f);
        }
        return b.build();
    }

    private Case missing(int n) {
        Builder b = new Builder(Category.MISSING_FIELD);
        int k = n % (target == Target.ENVELOPE ? 11 : 9);
        if (k < 7) {
            String f = BODY_FIELDS.get(k);
            b.body.remove(f);
            b.field = b.bodyField(f);
            b.description = "no " + f;
            if (random.nextInt(3) == 0) {
                // and a second one: both must be named
                String g = BODY_FIELDS.get((k + 1 + random.nextInt(6)) % 7);
                b.body.remove(g);
                b.description += ", no " + g;
            }
        } else if (k == 7) {
            ((ObjectNode) b.body.get("location")).remove("type");
            b.field = b.bodyField("location.type");
            b.description = "no location.type";
        } else if (k == 8) {
            if (target == Target.HTTP) {
                b.integrationId = null;
                b.field = "X-Integration-Id";
                b.description = "no X-Integration-Id";
            } else {
                b.dropInterview = true;
                b.field = "interview";
                b.description = "no interview";
            }
        } else if (k == 9) {
            b.dropIntegration = true;
            b.field = "integration_id";
            b.description = "no integration_id";
        } else {
            b.dropApplication = true;
            b.field = "application_id";
            b.description = "no application_id";
        }
        return b.build();
    }

    private static final List<String> UNKNOWN_NAMES = List.of("titel", "startTime", "interviewId", "__proto__",
            "constructor", "status", "remote_id", "deleted", "Title", "interviewer_ids", "end", "extra");

    private Case unknownField(int n) {
        Builder b = new Builder(Category.UNKNOWN_FIELD);
        String name = pick(UNKNOWN_NAMES) + (random.nextBoolean() ? "" : "_" + random.nextInt(1000));
        JsonNode value = pick(List.of(NODES.textNode("x"), NODES.numberNode(1), NODES.nullNode(), NODES.objectNode()));
        int k = n % (target == Target.ENVELOPE ? 3 : 2);
        if (k == 0) {
            b.body.set(name, value);
            b.field = b.bodyField(name);
        } else if (k == 1) {
            ((ObjectNode) b.body.get("location")).set(name, value);
            b.field = b.bodyField("location." + name);
        } else {
            b.extraEnvelope.set(name, value);
            b.field = name;
        }
        b.description = "unknown " + b.field;
        return b.build();
    }

    private Case wrongEnum(int n) {
        Builder b = new Builder(Category.WRONG_ENUM);
        String value = pick(List.of("ONSITE", "virtual", "Virtual", "physical", "", " VIRTUAL", "PHYSICAL ", "REMOTE",
                "PHONE", "IN_PERSON", "VIRTUAL\u200B", "VIRTUAL,PHYSICAL", "null", "VİRTUAL", "ＶＩＲＴＵＡＬ"));
        ((ObjectNode) b.body.get("location")).put("type", value);
        b.field = b.bodyField("location.type");
        b.description = "location.type '" + value + "'";
        return b.build();
    }

    private Case impossibleDate(int n) {
        Builder b = new Builder(Category.IMPOSSIBLE_DATE);
        String f = random.nextBoolean() ? "start_time" : "end_time";
        JsonNode value;
        if (n % 8 == 7) {
            long epoch = 1_798_000_000L + random.nextInt(10_000_000);
            value = random.nextBoolean() ? NODES.numberNode(epoch) : NODES.numberNode(epoch * 1000);
        } else {
            value = NODES.textNode(pick(List.of("2026-02-30T10:00:00Z", "2026-02-29T10:00:00.000Z",
                    "2027-04-31T10:00:00Z", "2027-13-01T10:00:00Z", "2027-00-10T10:00:00Z", "2027-01-15T25:00:00Z",
                    "2027-01-15T24:00:00Z", "2027-01-15T10:60:00Z", "2027-01-15T10:00:61Z", "2027-01-15T23:59:60Z",
                    "2027-01-15T10:00:00", "2027-01-15T10:00:00.000", "2027-01-15", "10:00:00Z", "",
                    " ", "2027-01-15T10:00:00Z ", " 2027-01-15T10:00:00Z", "2027-01-15 10:00:00Z",
                    "2027-01-15T10:00:00+25:00", "2027-01-15T10:00:00+1", "2027/01/15T10:00:00Z",
                    "1799000000", "1799000000000", "tomorrow", "now", "2027-01-15T10:00:00ZZ",
                    "+2027-01-15T10:00:00Z", "2027-1-5T1:0:0Z", "15.01.2027 10:00", "2027-01-15T10:00:00 UTC",
                    "2027-W03-5T10:00:00Z", "2027-015T10:00:00Z", "2027-01-15T10:00:00[Europe/Berlin]")));
        }
        b.body.set(f, value);
        b.field = b.bodyField(f);
        b.description = f + " = " + value;
        return b.build();
    }

    private Case endNotAfterStart(int n) {
        Builder b = new Builder(Category.END_NOT_AFTER_START);
        java.time.OffsetDateTime start = java.time.OffsetDateTime.parse(b.body.get("start_time").asText());
        java.time.OffsetDateTime end = switch (n % 4) {
            case 0 -> start;
            case 1 -> start.withOffsetSameInstant(java.time.ZoneOffset.ofHours(1 + random.nextInt(12)));
            default -> start.minusMinutes(1 + random.nextInt(100_000));
        };
        b.body.put("end_time", end.toString());
        b.field = b.bodyField("end_time");
        b.description = start + " .. " + end;
        return b.build();
    }

    private Case deepNesting(int n) {
        Builder b = new Builder(Category.DEEP_NESTING);
        int depth = pick(List.of(33, 64, 1_000, 10_000, 10_000));
        boolean arrays = random.nextBoolean();
        StringBuilder nested = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            nested.append(arrays ? "[" : "{\"a\":");
        }
        nested.append("1");
        for (int i = 0; i < depth; i++) {
            nested.append(arrays ? "]" : "}");
        }
        String valid = b.text();
        if (random.nextBoolean()) {
            b.rawText = nested.toString();
            b.description = "body nested " + depth;
        } else {
            // inside a field of a valid request
            b.rawText = valid.replaceFirst("\"title\":\"[^\"]*\"",
                    java.util.regex.Matcher.quoteReplacement("\"title\":" + nested));
            b.description = "title nested " + depth;
        }
        b.field = "body";
        return b.build();
    }

    /** Unicode oddities in ids: the envelope takes anything JSON can say, HTTP what a path or header can carry. */
    private Case unicode(int n) {
        Builder b = new Builder(Category.UNICODE);
        String base = id("app_");
        int at = 1 + random.nextInt(base.length() - 1);
        if (target == Target.ENVELOPE) {
            String odd = pick(List.of("\ud800", "\udfff", "\u202e", "\u200b", "\u200d", "\u200f", "\ufeff", "\u0000",
                    "\u2028", "\u00ad", "\uffff", "\u0301", "\ud83d\ude00", "é", "\u0660"));
            String value = base.substring(0, at) + odd + base.substring(at);
            String f = pick(List.of("application_id", "application_id", "integration_id", "idempotency_key"));
            switch (f) {
                case "integration_id" -> b.envelopeIntegration = NODES.textNode(ACME.substring(0, 7) + odd + ACME.substring(7));
                case "application_id" -> b.envelopeApplication = NODES.textNode(value);
                default -> b.envelopeKey = NODES.textNode("key" + odd + "1");
            }
            b.field = f;
            b.description = f + " with U+" + Integer.toHexString(odd.charAt(0));
        } else if (n % 3 != 2) {
            String odd = pick(List.of("%E2%80%AE", "%E2%80%8B", "%E2%80%8D", "%E2%80%8F", "%EF%BB%BF", "%C2%AD",
                    "%E2%80%A8", "%CC%81", "%F0%9F%98%80", "%C3%A9", "%D9%A0", "%00", "%ED%A0%80", "%C0%AF", "%FF"));
            b.applicationId = base.substring(0, at) + odd + base.substring(at);
            b.field = "application_id";
            b.pathLevel = odd.equals("%00") || odd.equals("%ED%A0%80") || odd.equals("%C0%AF") || odd.equals("%FF");
            b.description = "application_id with " + odd;
        } else {
            // what java.net.http lets through in a header value: no CR/LF; it sends other non-ASCII as '?', which
            // is a valid Idempotency-Key character, so the key gets only spaces and tabs
            boolean integration = random.nextBoolean();
            String odd = integration ? pick(List.of("\u00ad", "\u00a0", "\u00e9", " ", "\t", "\u00ff"))
                    : pick(List.of(" ", "\t", "  ", " \t "));
            if (integration) {
                b.integrationId = ACME.substring(0, 7) + odd + ACME.substring(7);
                b.field = "X-Integration-Id";
            } else {
                b.idempotencyKey = "key" + odd + "1";
                b.field = "Idempotency-Key";
            }
            b.description = b.field + " with U+" + Integer.toHexString(odd.charAt(0));
        }
        return b.build();
    }

    private Case headerInjection(int n) {
        Builder b = new Builder(Category.HEADER_INJECTION);
        if (target == Target.ENVELOPE) {
            String inject = pick(List.of("\r\nX-Injected: 1", "\nX-Injected: 1", "\r", "\n", "\r\n\r\nGET / HTTP/1.1",
                    "%0d%0aX-Injected:%201", "\u0085X-Injected: 1", "\u2028", "\tX", " X", ": 1"));
            String f = pick(List.of("integration_id", "application_id", "idempotency_key"));
            switch (f) {
                case "integration_id" -> b.envelopeIntegration = NODES.textNode(b.integrationId + inject);
                case "application_id" -> b.envelopeApplication = NODES.textNode(b.applicationId + inject);
                default -> b.envelopeKey = NODES.textNode("key-1" + (inject.startsWith("%") ? " " + inject : inject));
            }
            b.field = f;
            b.description = f + " + " + inject.replace("\r", "\\r").replace("\n", "\\n");
        } else {
            // java.net.http refuses CR/LF in header values; the encoded forms and what it lets through instead
            String inject = pick(List.of("%0d%0aX-Injected:%201", "%0D%0A", "\\r\\nX-Injected: 1", " X-Injected: 1",
                    "\tX-Injected: 1", ";X-Injected=1", ",sandbox:globex-workday", "\u0085X"));
            if (n % 3 == 2) {
                b.applicationId = b.applicationId + pick(List.of("%0d%0aX-Injected:%201", "%0A", "%0D", "%0d%0a%0d%0a"));
                b.field = "application_id";
                b.pathLevel = true;
            } else if (n % 3 == 0) {
                b.integrationId = b.integrationId + inject;
                b.field = "X-Integration-Id";
            } else {
                // printable ASCII is a valid key: only what the key must not contain
                // (trailing whitespace alone is not part of an HTTP header value: "key-1 " arrives as "key-1")
                inject = pick(List.of("\\r\\nX-Injected: 1", " X-Injected: 1", "\tX-Injected: 1", " X", "\tX"));
                b.idempotencyKey = "key-1" + inject;
                b.field = "Idempotency-Key";
            }
            b.description = b.field + " + " + inject.replace("\t", "\\t");
        }
        return b.build();
    }

    private Case pathTraversal(int n) {
        Builder b = new Builder(Category.PATH_TRAVERSAL);
        b.field = "application_id";
        if (n % 5 == 4) {
            int length = pick(List.of(129, 200, 1_000, 4_000, 10_000));
            StringBuilder longId = new StringBuilder(length);
            while (longId.length() < length) {
                longId.append("app_0123456789");
            }
            b.applicationId = longId.substring(0, length);
            b.pathLevel = length > 2_000;
            b.description = "application_id of " + length + " chars";
        } else if (target == Target.ENVELOPE) {
            String value = pick(List.of("../../admin", "..", "../", "..\\..\\x", "app/../x", "/etc/passwd", "app/1",
                    "..%2F..%2Fadmin", "%2e%2e%2f", "app%2F1", "app?x=1", "app#x", "app;x", "", " ", "app 1",
                    "app\\1", "./app", "app/", "~root"));
            b.applicationId = value;
            b.description = "application_id '" + value + "'";
        } else {
            String value = pick(List.of("..%2F..%2Fadmin", "..%2f..%2fsandbox", "%2e%2e%2f%2e%2e%2f", "%2E%2E",
                    "..%5C..%5Cx", "app%2F1", "app%252F1", "app%252e%252e", "..", ".", "../..", "app%3Fx=1",
                    "app%23x", "app;x=1", "app%20x", "%2e", "app%2f..%2f..", "~root", "app,1", "app%7C1"));
            b.applicationId = value;
            b.pathLevel = true;
            b.description = "application_id path " + value;
        }
        return b.build();
    }

    private Case oversize(int bytes) {
        Builder b = new Builder(Category.OVERSIZE);
        b.field = "body";
        b.description = bytes + " bytes";
        Case c = b.build();
        return new Case(c.id(), c.category(), c.field(), c.target(), c.applicationPath(), c.integrationId(),
                c.idempotencyKey(), c.rawBody(), bytes, false, c.description());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
