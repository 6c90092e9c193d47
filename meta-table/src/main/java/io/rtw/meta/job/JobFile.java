package io.rtw.meta.job;

import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.Script;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.meta.sql.Statements;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job file rendered for a mode and a day and taken apart as text: its statements in order (a statement set's
 * inserts one by one), where each is in the file, and every mistake the text alone shows. What each statement is,
 * Flink's parser says ({@link StatementParser}); the text only refuses, before parsing, what no job runs.
 *
 * @param path the job file
 * @param mode the mode it was rendered for
 * @param bizdate the business day it was rendered for
 * @param text the file's statements as rendered, secrets as their references
 * @param statements the statements to parse, in order: a statement set's inserts one by one, refused ones left out
 * @param positions where each statement is in the file
 * @param views the temporary views the file defines, by name, with the statement defining each: a statement that reads
 *     one before its definition is told so
 * @param problems the mistakes the text shows, located
 */
public record JobFile(Path path, Mode mode, Optional<LocalDate> bizdate, Script text, List<String> statements,
        FilePositions positions, Map<String, String> views, List<Problem> problems) {

    /** What a job file may run: it runs again at every start. */
    private static final Pattern RUNS = Pattern.compile("(?is)^\\s*(INSERT|SELECT|WITH|VALUES|CREATE|SET|RESET|USE)\\b.*");
    private static final Pattern VIEW = Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([`\\w.$]+)");
    private static final Pattern REQUIRE = Pattern.compile("(?m)^\\s*--#require\\s+(.+?)\\s*$");
    private static final Pattern STATEMENT_SET = Pattern.compile(
            "(?is)^\\s*(EXECUTE\\s+)?(BEGIN\\s+)?STATEMENT\\s+SET\\s+(BEGIN\\s+)?(.*?);?\\s*END\\s*$");
    private static final Pattern SECRET = Pattern.compile("\\$\\{\\s*env:([A-Za-z_][A-Za-z0-9_]*)\\s*}");
    /** A statement's first words on a line of its own, after the statement's first line: a ; is missing before. */
    private static final Pattern NEXT_STATEMENT = Pattern.compile("(?i)\\n[ \\t]*((?:INSERT\\s+(?:INTO|OVERWRITE)|CREATE\\s+"
            + "(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:TABLE|VIEW|DATABASE|CATALOG|FUNCTION)|DROP)\\b)");
    private static final Pattern FIRST_WORDS = Pattern.compile("^\\s*(\\w+)(\\s+\\w+)?");
    private static final Pattern INSERT_TARGET = Pattern.compile("(?is)^\\s*INSERT\\s+(?:INTO|OVERWRITE)\\s+([`\\w.$]+)");
    /** What a job file runs, in words. */
    static final String ALLOWED = "a job file runs CREATE (tables, views, databases, catalogs, functions), SET, USE and "
            + "INSERT statements, and --#require queries, each time it starts";

    /** Copies the collections. */
    public JobFile {
        statements = List.copyOf(statements);
        views = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(views));
        problems = List.copyOf(problems);
    }

    /**
     * Renders {@code path} for {@code mode} and {@code bizdate} with the project's variables and takes it apart.
     *
     * @param secrets tells which {@code ${env:NAME}} references are set
     * @throws io.rtw.meta.DefinitionException for mistakes of the template ({@code ${...}}, {@code --#if})
     */
    public static JobFile read(Project project, Path path, Mode mode, Optional<LocalDate> bizdate, Secrets secrets) {
        SqlTemplate.Rendered rendered = SqlTemplate.renderMapped(path, new SqlTemplate.Context(mode, bizdate,
                project.variables(), project.tables()));
        Script text = new Script(Statements.split(rendered.text()));
        FilePositions positions = new FilePositions(path, rendered, text.statements());
        List<Problem> problems = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        Map<String, String> views = new LinkedHashMap<>();
        for (String statement : text.statements()) {
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
                statements.addAll(Statements.split(statement.substring(set.start(4), set.end(4))));
            } else if (RUNS.matcher(code).matches()) {
                statements.add(statement);
                Matcher view = VIEW.matcher(code);
                if (view.find()) {
                    views.putIfAbsent(view.group(1).replace("`", ""), statement);
                }
            } else {
                problems.add(new Problem(positions.start(statement), notRun(statement)));
            }
        }
        return new JobFile(path, mode, bizdate, text, statements, positions, views, problems);
    }

    /**
     * When a run runs {@code statement}, by its first keyword: 0 for the definitions (in file order, first), 1 for the
     * queries (preconditions, once every table is defined), 2 for the inserts (planned together at the end). A
     * statement is read in this order, wherever it stands in the file; what it is, Flink's parser says.
     */
    public static int stage(String statement) {
        Matcher words = FIRST_WORDS.matcher(Statements.blankComments(statement));
        String first = words.find() ? words.group(1).toUpperCase(Locale.ROOT) : "";
        return first.equals("INSERT") ? 2 : first.equals("SELECT") || first.equals("WITH") || first.equals("VALUES")
                ? 1 : 0;
    }

    /** The refusal of a statement no job runs, named by its first words ({@code DROP TABLE is not ...}). */
    static String notRun(String statement) {
        Matcher words = FIRST_WORDS.matcher(Statements.blankComments(statement));
        String what = words.find() ? (words.group(1) + (words.group(2) == null ? "" : words.group(2)))
                .replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) : "this statement";
        return what + " is not a statement a job runs: " + ALLOWED + "; run it once with rtw query";
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
    public static List<Integer> unsetSecrets(String statement, Secrets secrets) {
        List<Integer> out = new ArrayList<>();
        Matcher secret = SECRET.matcher(statement);
        while (secret.find()) {
            if (!secrets.isSet(secret.group(1))) {
                out.add(secret.start());
            }
        }
        return out;
    }

    /** The message of the precondition {@code statement} carries after {@code --#require}, if it carries one. */
    public static Optional<String> requirement(String statement) {
        Matcher m = REQUIRE.matcher(statement);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Where the table an INSERT writes is named in it, from 0; 0 when it is not an INSERT. */
    public static int target(String insert) {
        Matcher m = INSERT_TARGET.matcher(Statements.blankComments(insert));
        return m.find() ? m.start(1) : 0;
    }
}
