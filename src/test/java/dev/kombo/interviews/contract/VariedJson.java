package dev.kombo.interviews.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a page the way different servers write JSON, all of it valid: fields in any order, whitespace between
 * tokens, characters escaped or not (a line feed as {@code \n} or as a six-character unicode escape, {@code \/},
 * any character as a unicode escape, supplementary ones as a surrogate pair of them). The bundle must pass each
 * record on byte for byte, whatever the layout.
 * <p>
 * Inside a record the whitespace is spaces and tabs only; between records and in the envelope it may be line
 * breaks too. The file sink writes each record's bytes as one NDJSON line, so a record laid out over several lines
 * (pretty-printed) would come out as several broken lines: valid JSON the bundle cannot write as NDJSON.
 */
final class VariedJson {

    private static final String[] IN_RECORD = {"", "", "", "", " ", " ", "\t", "  ", " \t "};
    private static final String[] IN_ENVELOPE = {"", "", " ", "\n", "\r\n", "\n  ", "\t", "\n\t\t"};
    private static final Map<Integer, String> SHORT_ESCAPES = Map.of((int) '\b', "\\b", (int) '\f', "\\f",
            (int) '\n', "\\n", (int) '\r', "\\r", (int) '\t', "\\t");

    private final Random random;

    private VariedJson(Random random) {
        this.random = random;
    }

    static ScriptedPage.Served page(ScriptedPage page) {
        VariedJson json = new VariedJson(new Random(page.layoutSeed()));
        List<String> results = new ArrayList<>();
        page.results().forEach(entry -> results.add(json.value(entry.json())));
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            array.append(i == 0 ? "" : ",").append(json.space(IN_ENVELOPE)).append(results.get(i))
                    .append(json.space(IN_ENVELOPE));
        }
        array.append(']');
        List<String[]> data = new ArrayList<>();
        data.add(new String[] {"next", page.next() == null ? "null" : json.string(page.next())});
        data.add(new String[] {"results", array.toString()});
        page.dataFields().forEach(f -> data.add(new String[] {f.name(), json.value(f.value())}));
        List<String[]> envelope = new ArrayList<>();
        envelope.add(new String[] {"status", json.string("success")});
        envelope.add(new String[] {"data", json.object(data, IN_ENVELOPE)});
        page.envelopeFields().forEach(f -> envelope.add(new String[] {f.name(), json.value(f.value())}));
        String body = json.space(IN_ENVELOPE) + json.object(envelope, IN_ENVELOPE) + json.space(IN_ENVELOPE);
        return new ScriptedPage.Served(body.getBytes(StandardCharsets.UTF_8), results, page.next());
    }

    /** A value inside a record. */
    private String value(JsonNode node) {
        if (node.isObject()) {
            List<String[]> members = new ArrayList<>();
            node.fields().forEachRemaining(f -> members.add(new String[] {f.getKey(), value(f.getValue())}));
            return object(members, IN_RECORD);
        }
        if (node.isArray()) {
            StringBuilder array = new StringBuilder("[").append(space(IN_RECORD));
            for (int i = 0; i < node.size(); i++) {
                array.append(i == 0 ? "" : "," + space(IN_RECORD)).append(value(node.get(i))).append(space(IN_RECORD));
            }
            return array.append(']').toString();
        }
        if (node.isTextual()) {
            return string(node.asText());
        }
        // numbers, booleans, null: Jackson writes them as valid JSON (1.0E10, -0.0, 12345678901234567890123)
        return node.toString();
    }

    private String object(List<String[]> members, String[] whitespace) {
        Collections.shuffle(members, random);
        StringBuilder object = new StringBuilder("{").append(space(whitespace));
        for (int i = 0; i < members.size(); i++) {
            object.append(i == 0 ? "" : "," + space(whitespace)).append(string(members.get(i)[0]))
                    .append(space(whitespace)).append(':').append(space(whitespace)).append(members.get(i)[1])
                    .append(space(whitespace));
        }
        return object.append('}').toString();
    }

    private String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append(random.nextInt(4) == 0 ? unicode(c) : "\\" + (char) c);
            } else if (c < 0x20) {
                String escape = SHORT_ESCAPES.get(c);
                out.append(escape != null && random.nextBoolean() ? escape : unicode(c));
            } else if (c == '/' && random.nextInt(3) == 0) {
                out.append("\\/");
            } else if (random.nextInt(40) == 0) {
                for (char unit : Character.toChars(c)) {
                    out.append(unicode(unit));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    private String unicode(int c) {
        return String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", c);
    }

    private String space(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
