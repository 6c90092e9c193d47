package io.rtw.meta.sql;

import io.rtw.meta.Secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A sequence of SQL statements as rendered: secrets appear as their {@code ${env:NAME}} references
 * until {@link #executable} resolves them for the engine.
 */
public record Script(List<String> statements) {

    /** Copies the statements. */
    public Script {
        statements = List.copyOf(statements);
    }

    /** This script followed by {@code other}. */
    public Script then(Script other) {
        List<String> all = new ArrayList<>(statements);
        all.addAll(other.statements);
        return new Script(all);
    }

    /** The statements with secrets resolved, to hand to Flink and nowhere else. */
    public List<String> executable(Secrets secrets) {
        return statements.stream().map(secrets::resolve).toList();
    }

    /** The script as a file a person reads: statements separated by {@code ;} and a blank line. */
    @Override
    public String toString() {
        return statements.stream().map(s -> s + ";").collect(Collectors.joining("\n\n")) + "\n";
    }
}
