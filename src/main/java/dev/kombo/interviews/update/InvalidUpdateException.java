package dev.kombo.interviews.update;

import java.util.List;

/** The request was refused before anything was sent to Kombo; every problem found is listed. */
public final class InvalidUpdateException extends RuntimeException {

    private final List<String> problems;

    public InvalidUpdateException(List<String> problems) {
        super("invalid interview update: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
