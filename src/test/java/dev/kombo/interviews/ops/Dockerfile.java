package dev.kombo.interviews.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Dockerfile read line by line as the builder does: comment lines dropped, {@code \} continuations joined,
 * one instruction per logical line, stages started by {@code FROM}. Only what the checks need is interpreted.
 */
final class Dockerfile {

    record Instruction(int line, String keyword, String arguments) {
    }

    /** A {@code COPY} or {@code ADD}: {@code from} is the stage or image of {@code --from}, or null. */
    record Copy(int line, String from, List<String> sources, String destination) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final List<Stage> stages = new ArrayList<>();

    private Dockerfile(String name) {
        this.name = name;
    }

    /** {@code name} is how messages refer to the file, e.g. {@code docker/Dockerfile}. */
    static Dockerfile parse(String name, String text) {
        Dockerfile dockerfile = new Dockerfile(name);
        String[] lines = text.split("\n", -1);
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            if (logical.isEmpty()) {
                start = i + 1;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String[] instruction = logical.append(line).toString().split("\\s+", 2);
            dockerfile.add(new Instruction(start, instruction[0].toUpperCase(Locale.ROOT),
                    instruction.length > 1 ? instruction[1].strip() : ""));
            logical.setLength(0);
        }
        return dockerfile;
    }

    private void add(Instruction instruction) {
        if (instruction.keyword().equals("FROM")) {
            String[] words = instruction.arguments().split("\\s+");
            stages.add(new Stage(words.length >= 3 && words[words.length - 2].equalsIgnoreCase("AS")
                    ? words[words.length - 1] : null));
        } else if (!stages.isEmpty()) {
            stages.get(stages.size() - 1).instructions.add(instruction);
        }
    }

    Stage finalStage() {
        if (stages.isEmpty()) {
            throw new IllegalStateException(name + " has no FROM");
        }
        return stages.get(stages.size() - 1);
    }

    boolean isStage(String nameOrIndex) {
        for (int i = 0; i < stages.size(); i++) {
            if (nameOrIndex.equals(stages.get(i).alias) || nameOrIndex.equals(String.valueOf(i))) {
                return true;
            }
        }
        return false;
    }

    /** A build stage: its {@code AS} name (or null) and its instructions after {@code FROM}. */
    static final class Stage {
        final String alias;
        final List<Instruction> instructions = new ArrayList<>();

        Stage(String alias) {
            this.alias = alias;
        }

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The variables {@code ENV} sets in this stage, in order, values unquoted and substituted. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                List<String> words = words(instruction.arguments());
                if (!words.isEmpty() && !words.get(0).contains("=")) {
                    // legacy form: ENV NAME value with spaces
                    env.put(words.get(0), substitute(String.join(" ", words.subList(1, words.size())), env));
                    continue;
                }
                for (String word : words) {
                    int eq = word.indexOf('=');
                    env.put(word.substring(0, eq), substitute(word.substring(eq + 1), env));
                }
            }
            return env;
        }

        /** The working directory the stage ends with ({@code /} without {@code WORKDIR}). */
        String workdir() {
            java.nio.file.Path dir = java.nio.file.Path.of("/");
            for (Instruction instruction : all("WORKDIR")) {
                dir = dir.resolve(substitute(instruction.arguments(), env())).normalize();
            }
            return dir.toString();
        }

        /** The last {@code USER}, or null: the stage runs as the base image's user, root for JRE images. */
        Instruction user() {
            List<Instruction> users = all("USER");
            return users.isEmpty() ? null : users.get(users.size() - 1);
        }

        List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction instruction : instructions) {
                if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")) {
                    continue;
                }
                List<String> words = execForm(instruction.arguments());
                String from = null;
                while (!words.isEmpty() && words.get(0).startsWith("--")) {
                    String flag = words.remove(0);
                    if (flag.startsWith("--from=")) {
                        from = flag.substring("--from=".length());
                    }
                }
                if (words.size() >= 2) {
                    copies.add(new Copy(instruction.line(), from, List.copyOf(words.subList(0, words.size() - 1)),
                            words.get(words.size() - 1)));
                }
            }
            return copies;
        }

        /** The words of an exec-form (JSON array) or shell-form argument list. */
        static List<String> execForm(String arguments) {
            if (arguments.startsWith("[")) {
                try {
                    return new ArrayList<>(List.of(JSON.readValue(arguments, String[].class)));
                } catch (JsonProcessingException e) {
                    // not valid JSON: the builder takes it as shell form, and so do we
                }
            }
            return words(arguments);
        }

        static String substitute(String text, Map<String, String> env) {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String variable = m.group(1) != null ? m.group(1) : m.group(3);
                String value = env.get(variable);
                if (value == null) {
                    value = m.group(2) != null ? m.group(2) : "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** Names of the variables a text refers to ({@code $NAME}, {@code ${NAME}}, {@code ${NAME:-default}}). */
        static List<String> variables(String text) {
            List<String> names = new ArrayList<>();
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(3));
            }
            return names;
        }

        /** Splits on blanks outside quotes and drops the quotes, as the builder does for ENV and COPY. */
        private static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            char quote = 0;
            boolean inWord = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
