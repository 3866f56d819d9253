package dev.kombo.interviews.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs of the benchmark programs; an unknown name is refused so a typo cannot pass. */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] argv, String... known) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            String name = argv[i].startsWith("--") ? argv[i].substring(2) : "";
            if (!List.of(known).contains(name) || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value with a name in " + List.of(known)
                        + ", got '" + argv[i] + "'" + (i + 1 >= argv.length ? " without a value" : ""));
            }
            args.put(name, argv[i + 1]);
        }
        return args;
    }

    static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
