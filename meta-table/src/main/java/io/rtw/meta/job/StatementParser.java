package io.rtw.meta.job;

import io.rtw.meta.Problem;
import io.rtw.meta.sql.CompiledTables;

import java.util.List;
import java.util.Optional;

/**
 * Reads a job file's statements as Flink does, for the {@link JobCompiler}: given by the runtime, so this module knows
 * no table environment. Flink's parser reads a statement against what the statements before it created, so a parser
 * applies what it reads (to stand-ins, in the runtime).
 */
@FunctionalInterface
public interface StatementParser {

    /**
     * What each of {@code file}'s statements is, in the order of {@link JobFile#statements()}, read after
     * {@code tables} (the project's catalogs and meta-tables).
     */
    List<Parsed> parse(CompiledTables tables, JobFile file);

    /** One statement as Flink's parser read it. */
    sealed interface Parsed {

        /** {@code SET 'key' = 'value'}, or {@code RESET 'key'} with no value. */
        record Setting(String key, Optional<String> value) implements Parsed {}

        /** A CREATE or USE: what, and its name as Flink resolved it. */
        record Definition(JobStatement.What what, String name) implements Parsed {}

        /** An INSERT into {@code target}, as Flink names the table ({@code catalog.database.table}). */
        record Insert(String target) implements Parsed {}

        /** A query. */
        record Query() implements Parsed {}

        /** A table created from a query ({@code CREATE TABLE ... AS SELECT}). */
        record CreateAs() implements Parsed {}

        /** Anything else Flink runs (DROP, ALTER, SHOW...): not a statement of a job. */
        record Other() implements Parsed {}

        /** Not read: a mistake of its text (an unset secret, say) was told already. */
        record Unread() implements Parsed {}

        /** Flink refused it: the problem, located in the file. */
        record Refused(Problem problem) implements Parsed {}
    }
}
