package io.rtw.runtime;

import io.rtw.meta.Causes;
import io.rtw.meta.Location;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Suggestions;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobFile;
import io.rtw.meta.job.JobStatement;
import io.rtw.meta.sql.Statements;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Flink's refusal of a statement of a job file into a problem at its place in the file that says what is wrong
 * and what is allowed, naming the tables, columns and functions there are where a name is unknown.
 */
final class Mistakes {

    /** The start of the refusal of a precondition that is not a query for one BOOLEAN. */
    static final String NOT_BOOLEAN = "a --#require query must return one BOOLEAN column (TRUE lets a batch run go on); "
            + "this one returns ";

    private static final String DEFAULT_PREFIX = "default_catalog.default_database.";
    private static final Pattern COLUMN = Pattern.compile("^Column '(.+?)' not found in (any table|table '.+?')$");
    private static final Pattern OBJECT = Pattern.compile("^Object '(.+?)' not found(?: within '(.+?)')?$");
    private static final Pattern NO_TARGET = Pattern.compile("^Cannot find table '(.+?)' in any of the catalogs.*",
            Pattern.DOTALL);
    private static final Pattern VIEW_TARGET = Pattern.compile("^Sink '(.+?)' does not exists$");
    private static final Pattern FUNCTION = Pattern.compile("^No match found for function signature ([\\w$]+)\\(.*");
    private static final Pattern SINK_TYPES = Pattern.compile("(?s)^Column types of query result and sink for '(.+?)' "
            + "do not match\\.\\s*Cause: (.+?)\\s*Query schema: \\[(.*)]\\s*Sink schema:\\s*\\[(.*)]$");
    private static final Pattern SINK_COLUMN = Pattern.compile("Incompatible types for sink column '(.+?)' at position "
            + "(\\d+)");
    private static final Pattern PARSE = Pattern.compile("(?s)^SQL parse failed\\. Encountered (.+?) at line \\d+, "
            + "column \\d+\\.\\s*Was expecting(?: one of)?:\\s*(.*)$");
    private static final Pattern AMBIGUOUS = Pattern.compile("^Column '.+?' is ambiguous$");
    private static final Pattern NOT_GROUPED = Pattern.compile("^Expression '.+?' is not being grouped$");
    /** The start of the problem of a name that is not a table: a consequence when the statement creating it failed. */
    private static final Pattern MISSING = Pattern.compile("^no table(?: or view)? '(.+?)'");
    private static final Pattern NAME = Pattern.compile("`?[\\w$]+`?(?:\\.`?[\\w$]+`?)*");
    private static final int MAX_LISTED = 30;

    private final TableEnvironment env;
    private final JobFile file;
    private final Project project;
    /** The file's inserts, once known: where a refusal of the job as a whole is told. */
    private final List<String> inserts;
    /** Tables and views whose statements failed: statements reading them fail as a consequence. */
    private final Set<String> failed = new HashSet<>();

    /** Mistakes of the statements of {@code file}, told while they are read one by one. */
    Mistakes(TableEnvironment env, JobFile file, Project project) {
        this(env, file, project, List.of());
    }

    /** Mistakes of the compiled {@code job}, including those of its inserts planned together. */
    Mistakes(TableEnvironment env, CompiledJob job) {
        this(env, job.file(), job.project(), (job.fileInserts().isEmpty() ? job.inserts().stream().limit(1)
                : job.fileInserts().stream()).map(JobStatement.Insert::sql).toList());
    }

    private Mistakes(TableEnvironment env, JobFile file, Project project, List<String> inserts) {
        this.env = env;
        this.file = file;
        this.project = project;
        this.inserts = inserts;
    }

    /** The problem {@code e} is, raised by {@code statement}; empty when it only follows from an earlier one. */
    Optional<Problem> of(String statement, Throwable e) {
        created(statement).ifPresent(failed::add);
        Problem p = translate(statement, clean(Causes.messages(e)));
        Matcher missing = MISSING.matcher(p.message());
        return missing.find() && failed.contains(missing.group(1)) ? Optional.empty() : Optional.of(p);
    }

    /** Notes that {@code statement} was not run (a problem of its text was told), so what it creates is missing. */
    void skipped(String statement) {
        created(statement).ifPresent(failed::add);
    }

    /** The problem {@code e} is, raised when the job's inserts were planned together: at the insert it names. */
    Problem ofJob(Throwable e) {
        String message = clean(Causes.messages(e));
        if (inserts.isEmpty()) {
            return new Problem(file.positions().file(), message);
        }
        String insert = inserts.stream().filter(i -> Statements.insertTarget(i).map(t -> message.contains(t))
                .orElse(false)).findFirst().orElse(inserts.get(0));
        return translate(insert, message);
    }

    private Problem translate(String statement, String message) {
        Problem located = file.positions().locate(statement, message);
        String text = located.message().strip();
        Location at = located.location();
        Matcher m;
        if ((m = COLUMN.matcher(text)).matches()) {
            List<String> columns = columnsOf(statement);
            String hint = Suggestions.didYouMean(m.group(1), columns);
            return new Problem(at, text + (hint.isEmpty() && !columns.isEmpty() ? "; the tables here have "
                    + listed(columns) : hint));
        }
        if ((m = OBJECT.matcher(text)).matches()) {
            return new Problem(at, unknownTable(m.group(2) == null ? m.group(1) : m.group(2) + "." + m.group(1)));
        }
        if ((m = NO_TARGET.matcher(text)).matches()) {
            String name = shortName(m.group(1).replace("`", ""));
            return new Problem(target(statement), "no table '" + name + "' to write"
                    + Suggestions.didYouMean(name, writable()) + "; a job writes serving meta-tables ("
                    + listed(serving()) + ") and tables it creates (CREATE TABLE IF NOT EXISTS) or that exist: "
                    + listed(tables()));
        }
        if ((m = VIEW_TARGET.matcher(text)).matches()) {
            String name = shortName(m.group(1));
            boolean meta = project.table(name).isPresent();
            return new Problem(target(statement), name + " is " + (meta ? "a meta-table read from its sources"
                    : "a view") + " and cannot be written; a job writes serving meta-tables (" + listed(serving())
                    + ") and tables it creates (CREATE TABLE IF NOT EXISTS)");
        }
        if ((m = FUNCTION.matcher(text)).matches()) {
            // The environment lists Flink's functions by their Table API names (dateFormat): SQL names come from
            // the definitions.
            List<String> functions = new ArrayList<>(Arrays.asList(env.listUserDefinedFunctions()));
            BuiltInFunctionDefinitions.getDefinitions().stream().map(BuiltInFunctionDefinition::getSqlName)
                    .filter(n -> n != null && n.matches("[A-Z][A-Z0-9_]*")).forEach(functions::add);
            return new Problem(at, "unknown function " + m.group(1) + Suggestions.didYouMean(m.group(1), functions)
                    + "; a job calls Flink's built-in functions and rtw's, which docs/functions.md lists");
        }
        if ((m = SINK_TYPES.matcher(text)).matches()) {
            return sinkTypes(statement, shortName(m.group(1)), m.group(2), split(m.group(3)), split(m.group(4)));
        }
        if ((m = PARSE.matcher(text)).matches()) {
            List<String> expected = text.substring(m.start(2)).lines().map(String::strip)
                    .map(l -> l.replaceAll("\\s*\\.\\.\\.$", "")).filter(l -> !l.isEmpty()).toList();
            return new Problem(at, "syntax error at " + m.group(1) + "; expected " + (expected.size() == 1
                    ? expected.get(0) : "one of " + String.join(", ", expected.subList(0, Math.min(8,
                            expected.size()))) + (expected.size() > 8 ? " or " + (expected.size() - 8) + " more" : "")));
        }
        if (AMBIGUOUS.matcher(text).matches()) {
            return new Problem(at, text + "; qualify it with the name or alias of its table");
        }
        if (NOT_GROUPED.matcher(text).matches()) {
            return new Problem(at, text + "; add it to GROUP BY or aggregate it");
        }
        if (text.contains("timecol") && Statements.blankComments(statement).toUpperCase(Locale.ROOT)
                .contains("DESCRIPTOR(")) {
            at = file.positions().at(statement, Statements.blankComments(statement).toUpperCase(Locale.ROOT)
                    .indexOf("DESCRIPTOR("));
        }
        return new Problem(at, text.replaceAll("\\s*\\n\\s*", " "));
    }

    /** The refusal of an INSERT whose query does not give the target's columns. */
    private Problem sinkTypes(String statement, String table, String cause, List<String> query, List<String> sink) {
        Matcher column = SINK_COLUMN.matcher(cause);
        if (column.find()) {
            int i = Integer.parseInt(column.group(2));
            String want = type(sink.get(i));
            String got = i < query.size() ? type(query.get(i)) : "nothing";
            Location at = selectItem(statement, i).map(index -> file.positions().at(statement, index))
                    .orElse(target(statement));
            return new Problem(at, "column " + column.group(1) + " of " + table + " is " + want + ", the query gives "
                    + got + " for it (select item " + (i + 1) + "); cast it (CAST(... AS " + want
                    + ")) or change the query");
        }
        return new Problem(target(statement), table + " has " + sink.size() + " columns (" + columns(sink)
                + "), the query gives " + query.size() + " (" + columns(query) + "); give one value per column, in "
                + "order");
    }

    /** Where select item {@code index} (from 0) of the INSERT's query starts, from 0, when it can be read. */
    static Optional<Integer> selectItem(String statement, int index) {
        String code = Statements.blankComments(statement);
        Matcher select = Pattern.compile("(?i)\\bSELECT\\b").matcher(code);
        if (!select.find()) {
            return Optional.empty();
        }
        int depth = 0;
        int item = 0;
        int start = select.end();
        for (int i = select.end(); i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int close = code.indexOf(c, i + 1);
                i = close < 0 ? code.length() : close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ',' || depth == 0 && code.regionMatches(true, i, "FROM", 0, 4)
                    && !Character.isLetterOrDigit(code.charAt(i - 1))) {
                if (item == index) {
                    break;
                }
                if (c != ',') {
                    return Optional.empty();
                }
                item++;
                start = i + 1;
            }
        }
        while (start < code.length() && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return item == index ? Optional.of(start) : Optional.empty();
    }

    private static String columns(List<String> schema) {
        return schema.stream().map(c -> c.replaceFirst(": ", " ")).collect(Collectors.joining(", "));
    }

    /** {@code name STRING} of Flink's {@code name: STRING}, the type alone. */
    private static String type(String column) {
        return column.substring(column.indexOf(": ") + 2).replace(" NOT NULL", "");
    }

    /** Flink's {@code [a: STRING, b: DECIMAL(18, 2)]} list, without brackets, into its columns. */
    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            depth += c == '(' || c == '<' ? 1 : c == ')' || c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(list.substring(start).strip());
        return out;
    }

    private String unknownTable(String name) {
        String unqualified = name.substring(name.lastIndexOf('.') + 1);
        String view = file.views().get(unqualified);
        if (view != null && !failed.contains(unqualified)) {
            return "view " + unqualified + " is used before it is defined (line " + file.positions().start(view).line()
                    + "): define a view above the statements that read it";
        }
        List<String> all = new ArrayList<>(metaTables());
        all.addAll(views());
        all.addAll(tables());
        return "no table or view '" + name + "'" + Suggestions.didYouMean(name, all) + "; meta-tables: "
                + listed(metaTables()) + "; views: " + listed(views()) + "; tables: " + listed(tables());
    }

    private List<String> metaTables() {
        return project.tables().stream().map(MetaTable::name).toList();
    }

    /** The serving meta-tables a job may write: not those of a kind jobs only look rows up in. */
    private List<String> serving() {
        BindingFactories kinds = BindingFactories.load();
        return project.tables().stream().filter(MetaTable::isServing)
                .filter(t -> t.kv().flatMap(b -> kinds.find(b.kind()).flatMap(f -> f.readOnly(b.options()))).isEmpty())
                .map(MetaTable::name).toList();
    }

    private List<String> writable() {
        List<String> out = new ArrayList<>(serving());
        out.addAll(tables());
        return out;
    }

    /** The temporary views defined so far that are not a meta-table or one of its parts. */
    private List<String> views() {
        return Arrays.stream(env.listTemporaryViews()).filter(v -> !v.contains("$") && project.table(v).isEmpty())
                .sorted().toList();
    }

    /** Temporary tables of the file, and every table of the catalogs other than the default one, by full name. */
    private List<String> tables() {
        Set<String> out = new TreeSet<>();
        Arrays.stream(env.listTemporaryTables()).filter(t -> !t.contains("$") && project.table(t).isEmpty())
                .forEach(out::add);
        for (String name : env.listCatalogs()) {
            Optional<Catalog> catalog = env.getCatalog(name);
            if (name.equals("default_catalog") || catalog.isEmpty()) {
                continue;
            }
            try {
                for (String db : catalog.get().listDatabases()) {
                    catalog.get().listTables(db).forEach(t -> out.add(name + "." + db + "." + t));
                }
            } catch (Exception e) {
                // A catalog that cannot be listed offers no names.
            }
        }
        return new ArrayList<>(out);
    }

    /** The columns of every table and view {@code statement} reads: those it names, but the one it writes. */
    private List<String> columnsOf(String statement) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> tried = new HashSet<>();
        Statements.insertTarget(statement).ifPresent(tried::add);
        Matcher names = NAME.matcher(Statements.blankComments(statement).replaceAll("'(?:[^']|'')*'", "''"));
        Set<String> known = new HashSet<>(metaTables());
        known.addAll(views());
        known.addAll(tables());
        while (names.find()) {
            String name = names.group().replace("`", "");
            if (known.contains(name) && tried.add(name)) {
                try {
                    out.addAll(env.from(name).getResolvedSchema().getColumnNames());
                } catch (RuntimeException e) {
                    // A table that cannot be read offers no columns.
                }
            }
        }
        return new ArrayList<>(out);
    }

    private Location target(String statement) {
        return file.positions().at(statement, JobFile.target(statement));
    }

    /** What a statement creates, when it creates a table or view: its name as written, without backticks. */
    private static Optional<String> created(String statement) {
        Matcher m = Pattern.compile("(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:TABLE|VIEW)\\s+"
                + "(?:IF\\s+NOT\\s+EXISTS\\s+)?([`\\w.$]+)").matcher(Statements.blankComments(statement));
        return m.find() ? Optional.of(m.group(1).replace("`", "")) : Optional.empty();
    }

    private static String listed(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        return names.size() <= MAX_LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_LISTED)) + " and " + (names.size() - MAX_LISTED) + " more";
    }

    private static String shortName(String name) {
        return name.startsWith(DEFAULT_PREFIX) ? name.substring(DEFAULT_PREFIX.length()) : name;
    }

    /** Flink's message without the repeated prefixes its layers add. */
    private static String clean(String message) {
        return message.replaceAll("(SQL validation failed\\. )+", "");
    }
}
