package io.rtw.meta.job;

import java.util.Optional;

/**
 * One statement of a compiled job, as Flink's parser read it: what a run does with it follows from its type (an
 * exhaustive switch), never from its text.
 */
public sealed interface JobStatement {

    /** The statement as rendered, secrets as their references. */
    String sql();

    /** What a {@link Definition} creates or uses. */
    enum What { CATALOG, DATABASE, TABLE, VIEW, FUNCTION, USE }

    /**
     * A job's own setting ({@code SET 'key' = 'value'}, or {@code RESET 'key'} with no value): applied to the job's
     * configuration unless {@code -D} sets the key.
     */
    record Setting(String sql, String key, Optional<String> value) implements JobStatement {}

    /** A CREATE of a catalog, database, table, view or function, or a USE: run in order before the inserts. */
    record Definition(String sql, What what, String name) implements JobStatement {}

    /** A query after {@code --#require MESSAGE}: a batch run goes on only when it returns TRUE. */
    record Precondition(String sql, String requirement) implements JobStatement {}

    /**
     * An INSERT; all of a job's inserts are planned together and submitted as one job.
     *
     * @param target the table written, as Flink names it ({@code catalog.database.table})
     * @param ofFile whether the job file has it (else the meta-tables' dead-letter, late or archive insert)
     */
    record Insert(String sql, String target, boolean ofFile) implements JobStatement {}
}
