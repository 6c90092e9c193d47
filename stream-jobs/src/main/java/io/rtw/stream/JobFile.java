package io.rtw.stream;

import io.rtw.meta.MetaTable;
import io.rtw.meta.Problem;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.MetaTableCompiler;
import io.rtw.meta.sql.Script;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.meta.sql.Statements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job file rendered for a run and taken apart: its inserts (the file's, then the meta-tables' dead-letter, late and
 * archive inserts), its preconditions and its other statements, with every mistake that shows in its text alone.
 *
 * @param job the file's statements, as rendered (secrets as their references)
 * @param positions where each statement is in the file
 * @param inserts the inserts to run as one job
 * @param preconditions the queries after a {@code --#require MESSAGE} line
 * @param ddl the statements run before the inserts: CREATE, SET, USE
 * @param fileInserts how many of the inserts are the file's
 * @param views the temporary views the file defines, by name, with the statement defining each
 * @param problems the mistakes found in the text, located
 */
record JobFile(Script job, FilePositions positions, List<String> inserts, int fileInserts, List<String> preconditions,
        List<String> ddl, Map<String, String> views, List<Problem> problems) {

    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*INSERT\\s.*");
    private static final Pattern QUERY = Pattern.compile("(?is)^\\s*(SELECT|WITH|VALUES)\\b.*");
    /** What a job file may run besides its inserts and preconditions: it runs again at every start. */
    private static final Pattern ALLOWED = Pattern.compile("(?is)^\\s*(CREATE|SET|RESET|USE)\\b.*");
    private static final Pattern VIEW = Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([`\\w.$]+)");
    static final Pattern REQUIRE = Pattern.compile("(?m)^\\s*--#require\\s+(.+?)\\s*$");
    private static final Pattern STATEMENT_SET = Pattern.compile(
            "(?is)^\\s*(EXECUTE\\s+)?(BEGIN\\s+)?STATEMENT\\s+SET\\s+(BEGIN\\s+)?(.*?);?\\s*END\\s*$");
    private static final Pattern SECRET = Pattern.compile("\\$\\{\\s*env:([A-Za-z_][A-Za-z0-9_]*)\\s*}");
    /** A statement's first words on a line of its own, after the statement's first line: a ; is missing before. */
    private static final Pattern NEXT_STATEMENT = Pattern.compile("(?i)\\n[ \\t]*((?:INSERT\\s+(?:INTO|OVERWRITE)|CREATE\\s+"
            + "(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:TABLE|VIEW|DATABASE|CATALOG|FUNCTION)|DROP)\\b)");
    private static final Pattern FIRST_WORDS = Pattern.compile("^\\s*(\\w+)(\\s+\\w+)?");
    private static final String ALLOWED_TEXT = "a job file runs CREATE (tables, views, databases, catalogs, functions), "
            + "SET, USE and INSERT statements, and --#require queries, each time it starts";

    /**
     * Renders {@code spec}'s file and takes it apart.
     *
     * @throws io.rtw.meta.DefinitionException for mistakes of the template ({@code ${...}}, {@code --#if})
     */
    static JobFile read(JobRunner.Spec spec, Secrets secrets) {
        SqlTemplate.Context ctx = new SqlTemplate.Context(spec.mode(), spec.bizdate(), spec.project().variables(),
                spec.project().tables());
        SqlTemplate.Rendered rendered = SqlTemplate.renderMapped(spec.file(), ctx);
        Script job = new Script(Statements.split(rendered.text()));
        FilePositions positions = new FilePositions(spec.file(), rendered, job.statements());
        List<Problem> problems = new ArrayList<>();
        List<String> inserts = new ArrayList<>();
        List<String> preconditions = new ArrayList<>();
        List<String> ddl = new ArrayList<>();
        Map<String, String> views = new LinkedHashMap<>();
        for (String statement : job.statements()) {
            for (int at : unsetSecrets(statement, secrets)) {
                Matcher secret = SECRET.matcher(statement);
                secret.find(at);
                problems.add(new Problem(positions.at(statement, at), "environment variable " + secret.group(1)
                        + " is not set; a ${env:...} reference takes its value from the environment rtw runs in"));
            }
            String code = Statements.blankComments(statement);
            Matcher set = STATEMENT_SET.matcher(code);
            Optional<Integer> next = set.matches() ? Optional.empty() : nextStatement(code);
            if (next.isPresent()) {
                problems.add(new Problem(positions.at(statement, next.get()), "a statement starts here, but the "
                        + "one before it has not ended: end every statement with ;"));
            } else if (set.matches()) {
                inserts.addAll(Statements.split(statement.substring(set.start(4), set.end(4))));
            } else if (INSERT.matcher(code).matches()) {
                inserts.add(statement);
            } else if (QUERY.matcher(code).matches() && REQUIRE.matcher(statement).find()) {
                preconditions.add(statement);
            } else if (QUERY.matcher(code).matches()) {
                problems.add(new Problem(positions.start(statement), "a query in a job file must be a precondition: "
                        + "put a line --#require MESSAGE before it (a batch run goes on only when it returns TRUE), "
                        + "or run it with rtw query"));
            } else if (ALLOWED.matcher(code).matches()) {
                ddl.add(statement);
                Matcher view = VIEW.matcher(code);
                if (view.find()) {
                    views.putIfAbsent(view.group(1).replace("`", ""), statement);
                }
            } else {
                Matcher words = FIRST_WORDS.matcher(code);
                String what = words.find() ? (words.group(1) + (words.group(2) == null ? "" : words.group(2)))
                        .replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) : "this statement";
                problems.add(new Problem(positions.start(statement), what + " is not a statement a job runs: "
                        + ALLOWED_TEXT + "; run it once with rtw query"));
            }
        }
        int fileInserts = inserts.size();
        inserts.addAll(MetaTableCompiler.create().sideInserts(spec.project().tables(), spec.mode()).statements());
        if (fileInserts == 0 && problems.isEmpty()) {
            problems.add(new Problem(positions.file(), "no INSERT statement: a job writes tables with INSERT INTO, "
                    + "and this file has nothing to run"));
        }
        writers(spec, inserts.subList(0, fileInserts), positions, problems);
        readOnlyTargets(spec, inserts.subList(0, fileInserts), positions, problems);
        return new JobFile(job, positions, inserts, fileInserts, preconditions, ddl, views, problems);
    }

    /** What the file holds, e.g. {@code 4 inserts, 2 views, 1 precondition}. */
    String summary() {
        return count(fileInserts, "insert") + ", " + count(views.size(), "view") + ", "
                + count(preconditions.size(), "precondition");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Where a second statement starts inside the code of one, from 0: a line starting as a statement does. */
    private static Optional<Integer> nextStatement(String code) {
        Matcher next = NEXT_STATEMENT.matcher(code);
        while (next.find()) {
            if (!code.substring(0, next.start(1)).isBlank()) {
                return Optional.of(next.start(1));
            }
        }
        return Optional.empty();
    }

    /** Where {@code statement} refers to a secret the environment does not have, from 0. */
    static List<Integer> unsetSecrets(String statement, Secrets secrets) {
        List<Integer> out = new ArrayList<>();
        Matcher secret = SECRET.matcher(statement);
        while (secret.find()) {
            if (!secrets.isSet(secret.group(1))) {
                out.add(secret.start());
            }
        }
        return out;
    }

    /** The message of the first precondition {@code precondition} carries, after {@code --#require}. */
    static String requirement(String precondition) {
        Matcher m = REQUIRE.matcher(precondition);
        return m.find() ? m.group(1) : "";
    }

    /**
     * A serving table whose kind needs its writes from one INSERT (a rate limit shared by the subtasks of one sink)
     * refuses each INSERT after the first, as its kind says ({@link io.rtw.meta.binding.BindingFactory#writersProblem}).
     */
    private static void writers(JobRunner.Spec spec, List<String> inserts, FilePositions positions,
            List<Problem> problems) {
        io.rtw.meta.binding.BindingFactories kinds = io.rtw.meta.binding.BindingFactories.load();
        for (MetaTable t : spec.project().tables()) {
            List<String> writers = inserts.stream()
                    .filter(i -> Statements.insertTarget(i).equals(Optional.of(t.name()))).toList();
            Optional<String> problem = writers.size() < 2 ? Optional.empty() : t.kv().flatMap(b -> kinds.find(b.kind())
                    .flatMap(f -> f.writersProblem(t.name(), b.options(), writers.size())));
            problem.ifPresent(p -> writers.subList(1, writers.size()).forEach(insert ->
                    problems.add(new Problem(positions.at(insert, target(insert)), p))));
        }
    }

    /**
     * A serving table of a kind jobs only look rows up in (kind paimon) is written through the table it looks up: an
     * INSERT into it is refused, naming that table.
     */
    private static void readOnlyTargets(JobRunner.Spec spec, List<String> inserts, FilePositions positions,
            List<Problem> problems) {
        io.rtw.meta.binding.BindingFactories kinds = io.rtw.meta.binding.BindingFactories.load();
        for (MetaTable t : spec.project().tables()) {
            Optional<io.rtw.meta.Binding> kv = t.kv();
            Optional<String> instead = kv.flatMap(b -> kinds.find(b.kind()).flatMap(f -> f.readOnly(b.options())));
            for (String insert : inserts) {
                if (instead.isPresent() && Statements.insertTarget(insert).equals(Optional.of(t.name()))) {
                    problems.add(new Problem(positions.at(insert, target(insert)), t.name() + " is read-only: a kind "
                            + kv.get().kind() + " kv table that jobs look rows up in; write " + instead.get()
                            + " instead"));
                }
            }
        }
    }

    /** Where the table an INSERT writes is named in it, from 0; 0 when it is not an INSERT. */
    static int target(String insert) {
        Matcher m = Pattern.compile("(?is)^\\s*INSERT\\s+(?:INTO|OVERWRITE)\\s+([`\\w.$]+)")
                .matcher(Statements.blankComments(insert));
        return m.find() ? m.start(1) : 0;
    }
}
