package io.rtw.meta;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when definitions are invalid; carries every problem found, not just the first. */
public final class DefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception for a non-empty list of problems. */
    public DefinitionException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a DefinitionException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Creates the exception for a single problem. */
    public DefinitionException(Location location, String message) {
        this(List.of(new Problem(location, message)));
    }

    /** Every problem, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String head = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return head + ":\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
