package io.rtw.meta.job;

import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.sql.CompiledTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job file compiled once, for a mode and a day, into what a run executes: the project's compiled meta-tables, then
 * the file's statements each as Flink's parser read it (settings, definitions, preconditions, inserts), then the
 * meta-tables' own inserts. An immutable value, rebuilt the same from the same inputs; a compiled job with problems
 * is told, never run.
 *
 * @param file the job file as text
 * @param tables the project's meta-tables compiled for the job's mode and day
 * @param statements the file's statements in order, then the meta-tables' inserts
 * @param problems every mistake found, located in the file; none for a job a run may submit
 */
public record CompiledJob(JobFile file, CompiledTables tables, List<JobStatement> statements, List<Problem> problems) {

    /** Copies the lists. */
    public CompiledJob {
        statements = List.copyOf(statements);
        problems = List.copyOf(problems);
    }

    /**
     * This job with connector options of some sources set, winning over their bindings' (the exact extent a bounded
     * replay reads, fixed when the run starts); nothing is compiled again.
     *
     * @param sourceOptions meta-table name to connector options of its source
     */
    public CompiledJob withSourceOptions(Map<String, Map<String, String>> sourceOptions) {
        return new CompiledJob(file, tables.withSourceOptions(sourceOptions), statements, problems);
    }

    /** The warehouse. */
    public Project project() {
        return tables.project();
    }

    /** The settings and definitions, in order: what a run runs before its inserts. */
    public List<JobStatement> definitions() {
        return statements.stream().filter(s -> s instanceof JobStatement.Setting
                || s instanceof JobStatement.Definition).toList();
    }

    /** The preconditions, in order. */
    public List<JobStatement.Precondition> preconditions() {
        return statements.stream().filter(JobStatement.Precondition.class::isInstance)
                .map(JobStatement.Precondition.class::cast).toList();
    }

    /** Every insert of the job, the file's first. */
    public List<JobStatement.Insert> inserts() {
        return statements.stream().filter(JobStatement.Insert.class::isInstance).map(JobStatement.Insert.class::cast)
                .toList();
    }

    /** The file's own inserts. */
    public List<JobStatement.Insert> fileInserts() {
        return inserts().stream().filter(JobStatement.Insert::ofFile).toList();
    }

    /** The bindings a run of the job uses, whose servers must answer first. */
    public List<UsedBinding> bindings() {
        return UsedBinding.of(project().tables(), file.mode(), file.text().statements());
    }

    /** What the file holds, e.g. {@code 4 inserts, 2 views, 1 precondition}. */
    public String summary() {
        long views = statements.stream().filter(s -> s instanceof JobStatement.Definition d
                && d.what() == JobStatement.What.VIEW).count();
        return count(fileInserts().size(), "insert") + ", " + count(views, "view") + ", "
                + count(preconditions().size(), "precondition");
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /**
     * Every statement of the file and of the meta-tables, with the secrets they refer to: what a refusal or a plan is
     * masked against (Flink lists any table's options when it cannot create a source or sink).
     */
    public String referenced() {
        List<String> all = new ArrayList<>(file.text().statements());
        all.addAll(tables.catalogs());
        all.addAll(tables.tables());
        return String.join("\n", all);
    }
}
