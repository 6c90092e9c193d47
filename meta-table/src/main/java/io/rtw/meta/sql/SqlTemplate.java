package io.rtw.meta.sql;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Suggestions;
import io.rtw.meta.Variables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a job's SQL file for one mode. The language is small on purpose:
 *
 * <ul>
 *   <li>{@code ${name}}: a variable ({@code --var}, profile or project default);
 *   <li>{@code ${bizdate}}, {@code ${bizdate - 1d}}, {@code ${bizdate + 2w | yyyyMMdd}}: date arithmetic in
 *       days ({@code d}), weeks ({@code w}) or months ({@code month}) on any date variable, with an optional
 *       output pattern;
 *   <li>{@code ${mode}}: {@code stream} or {@code batch};
 *   <li>{@code ${virtual:table.column}}: {@code TRUE} when that column is virtual in this mode;
 *   <li>{@code ${env:NAME}}: a secret, kept as written and resolved only for execution;
 *   <li>lines {@code --#if COND}, {@code --#elif COND}, {@code --#else}, {@code --#end} where COND is
 *       {@code [not] virtual(table.column)} or {@code name == value} / {@code name != value}
 *       ({@code mode} included). Lines left out and directive lines become empty lines, so line numbers
 *       in errors stay those of the file.
 * </ul>
 */
public final class SqlTemplate {

    private static final Pattern ARITHMETIC = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:([+-])\\s*(\\d+)\\s*(d|w|month))?\\s*(?:\\|\\s*(\\S+))?");
    private static final Pattern VIRTUAL_CALL = Pattern.compile(
            "(not\\s+)?virtual\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");
    private static final Pattern COMPARISON = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*(==|!=)\\s*'?([^']*)'?");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*--#(if|elif|else|end)\\b\\s*(.*?)\\s*$");
    /** A line that looks like a directive; {@code --#require} is read by the runner. */
    private static final Pattern ANY_DIRECTIVE = Pattern.compile("^\\s*--#(?!require\\b)(\\S*)");

    /**
     * What a template is rendered against.
     *
     * @param mode the mode compiled for
     * @param bizdate the business day, when the job has one
     * @param variables user and profile variables
     * @param tables the meta-tables, for {@code virtual(...)}
     */
    public record Context(Mode mode, Optional<LocalDate> bizdate, Variables variables, List<MetaTable> tables) {}

    private SqlTemplate() {}

    /**
     * A rendered job file: line for line the file (directives and lines left out are empty), and where each
     * substituted reference was written, so a column of the rendered text can be told as a column of the file.
     *
     * @param text the rendered text
     * @param substitutions per line (from 1), the references replaced on it, in order
     */
    public record Rendered(String text, Map<Integer, List<Substitution>> substitutions) {

        /** Copies the substitutions. */
        public Rendered {
            substitutions = Map.copyOf(substitutions);
        }

        /**
         * The column (from 1) of the file that {@code column} of rendered {@code line} comes from: a column inside a
         * substituted value is the column of its {@code ${}.
         */
        public int fileColumn(int line, int column) {
            int shift = 0;
            for (Substitution s : substitutions.getOrDefault(line, List.of())) {
                if (column - 1 < s.renderedStart()) {
                    break;
                }
                if (column - 1 < s.renderedEnd()) {
                    return s.fileStart() + 1;
                }
                shift = s.fileEnd() - s.renderedEnd();
            }
            return column + shift;
        }
    }

    /** One reference of a line replaced by its value: where it was in the file's line and where its value is. */
    public record Substitution(int fileStart, int fileEnd, int renderedStart, int renderedEnd) {}

    /** Renders a file into its statements. */
    public static Script render(Path file, Context context) {
        return new Script(Statements.split(renderText(file, context)));
    }

    /** Renders a file, keeping its lines, comments and statement separators. */
    public static String renderText(Path file, Context context) {
        return renderMapped(file, context).text();
    }

    /** Renders a file, keeping its lines, comments and statement separators, with where its values were written. */
    public static Rendered renderMapped(Path file, Context context) {
        try {
            return renderMapped(Files.readString(file, StandardCharsets.UTF_8), file.toString(), context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Renders SQL text into its statements.
     *
     * @throws DefinitionException listing every located problem
     */
    public static Script render(String text, String fileName, Context context) {
        return new Script(Statements.split(renderText(text, fileName, context)));
    }

    /** Renders SQL text, keeping its lines, comments and statement separators. */
    public static String renderText(String text, String fileName, Context context) {
        return renderMapped(text, fileName, context).text();
    }

    /**
     * Renders SQL text, keeping its lines, comments and statement separators, with where its values were written.
     *
     * @throws DefinitionException listing every located problem
     */
    public static Rendered renderMapped(String text, String fileName, Context context) {
        List<Problem> problems = new ArrayList<>();
        Map<Integer, List<Substitution>> substitutions = new HashMap<>();
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        Deque<Branch> stack = new ArrayDeque<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            Matcher d = DIRECTIVE.matcher(line);
            if (d.matches()) {
                directive(lineNo, d.group(1), d.group(2), stack, context,
                        msg -> problems.add(new Problem(new Location(fileName, lineNo, 1, ""), msg)));
            } else if (ANY_DIRECTIVE.matcher(line).find()) {
                Matcher a = ANY_DIRECTIVE.matcher(line);
                a.find();
                problems.add(new Problem(new Location(fileName, lineNo, a.start(1) - 2, ""), "unknown directive --#"
                        + a.group(1) + "; directives are --#if, --#elif, --#else, --#end and --#require"));
            } else if (stack.stream().allMatch(Branch::active)) {
                List<Substitution> replaced = new ArrayList<>();
                out.append(substitute(line, context, (col, msg) -> problems.add(
                        new Problem(new Location(fileName, lineNo, col, ""), msg)), replaced));
                if (!replaced.isEmpty()) {
                    substitutions.put(lineNo, replaced);
                }
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        if (!stack.isEmpty()) {
            problems.add(new Problem(new Location(fileName, stack.peek().line(), 1, ""),
                    "--#if without a matching --#end: close the block with a --#end line"));
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return new Rendered(out.toString(), substitutions);
    }

    /** One open {@code --#if}: whether its current branch is taken, and whether any branch was. */
    private record Branch(int line, boolean active, boolean taken) {}

    private static void directive(int line, String word, String condition, Deque<Branch> stack, Context ctx,
            java.util.function.Consumer<String> problem) {
        switch (word) {
            case "if" -> {
                boolean value = condition(condition, ctx, problem);
                stack.push(new Branch(line, value, value));
            }
            case "elif", "else" -> {
                if (stack.isEmpty()) {
                    problem.accept("--#" + word + " without an --#if before it: --#elif, --#else and --#end continue "
                            + "or close the nearest open --#if");
                    return;
                }
                Branch b = stack.pop();
                boolean value = word.equals("else") || condition(condition, ctx, problem);
                boolean active = !b.taken() && value;
                stack.push(new Branch(b.line(), active, b.taken() || active));
            }
            default -> {
                if (stack.isEmpty()) {
                    problem.accept("--#end without an --#if before it: --#elif, --#else and --#end continue or "
                            + "close the nearest open --#if");
                } else {
                    stack.pop();
                }
            }
        }
    }

    private static boolean condition(String text, Context ctx, java.util.function.Consumer<String> problem) {
        Matcher v = VIRTUAL_CALL.matcher(text);
        if (v.matches()) {
            Optional<Boolean> virtual = virtual(v.group(2), v.group(3), ctx, problem);
            return virtual.map(b -> v.group(1) == null ? b : !b).orElse(false);
        }
        Matcher c = COMPARISON.matcher(text);
        if (c.matches()) {
            Optional<String> value = value(c.group(1), ctx);
            if (value.isEmpty()) {
                problem.accept("undefined variable '" + c.group(1) + "' in condition"
                        + Suggestions.didYouMean(c.group(1), names(ctx)));
                return false;
            }
            return value.get().equals(c.group(3).trim()) == c.group(2).equals("==");
        }
        problem.accept("cannot read condition '" + text + "'; write [not] virtual(table.column), "
                + "name == value or name != value");
        return false;
    }

    private static Optional<Boolean> virtual(String table, String column, Context ctx,
            java.util.function.Consumer<String> problem) {
        Optional<MetaTable> t = ctx.tables().stream().filter(m -> m.name().equals(table)).findFirst();
        if (t.isEmpty()) {
            problem.accept("virtual(" + table + "." + column + "): no meta-table '" + table + "'");
            return Optional.empty();
        }
        if (t.get().column(column).isEmpty()) {
            problem.accept("virtual(" + table + "." + column + "): meta-table " + table + " has no column '" + column
                    + "'");
            return Optional.empty();
        }
        return Optional.of(t.get().isVirtual(column, ctx.mode()));
    }

    private static Optional<String> value(String name, Context ctx) {
        if (name.equals("mode")) {
            return Optional.of(ctx.mode().id());
        }
        if (name.equals("bizdate") && ctx.bizdate().isPresent()) {
            return Optional.of(ctx.bizdate().get().toString());
        }
        return ctx.variables().get(name);
    }

    /** Every name a reference may use in {@code ctx}. */
    private static TreeSet<String> names(Context ctx) {
        TreeSet<String> names = new TreeSet<>(ctx.variables().asMap().keySet());
        names.add("mode");
        names.add("bizdate");
        return names;
    }

    /** Receives a problem at a column of the current line. */
    private interface LineProblem {
        void at(int column, String message);
    }

    private static String substitute(String line, Context ctx, LineProblem problem, List<Substitution> replaced) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            int start = line.indexOf("${", i);
            if (start < 0) {
                out.append(line, i, line.length());
                break;
            }
            out.append(line, i, start);
            if (start > 0 && line.charAt(start - 1) == '$') {
                // $${ renders a literal ${
                out.setLength(out.length() - 1);
                replaced.add(new Substitution(start - 1, start + 2, out.length(), out.length() + 2));
                out.append("${");
                i = start + 2;
                continue;
            }
            int end = line.indexOf('}', start);
            if (end < 0) {
                problem.at(start + 1, "unterminated ${ reference: close it with }");
                out.append(line, start, line.length());
                break;
            }
            String ref = line.substring(start + 2, end).trim();
            String value = reference(ref, ctx, msg -> problem.at(start + 1, msg)).orElse(line.substring(start, end + 1));
            replaced.add(new Substitution(start, end + 1, out.length(), out.length() + value.length()));
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }

    private static Optional<String> reference(String ref, Context ctx, java.util.function.Consumer<String> problem) {
        if (ref.startsWith("env:")) {
            return Optional.of("${" + ref + "}");
        }
        if (ref.startsWith("virtual:")) {
            String[] parts = ref.substring("virtual:".length()).trim().split("\\.", -1);
            if (parts.length != 2) {
                problem.accept("write ${virtual:table.column}, got ${" + ref + "}");
                return Optional.empty();
            }
            return virtual(parts[0], parts[1], ctx, problem).map(b -> b ? "TRUE" : "FALSE");
        }
        Matcher m = ARITHMETIC.matcher(ref);
        if (!m.matches()) {
            problem.accept("cannot read ${" + ref + "}; write ${name}, ${name - 1d} or ${name | yyyyMMdd} (a whole "
                    + "number of d, w or month added or taken, then an optional date pattern)");
            return Optional.empty();
        }
        String name = m.group(1);
        Optional<String> value = value(name, ctx);
        if (value.isEmpty()) {
            problem.accept(name.equals("bizdate") ? "${bizdate} needs a business day: pass --bizdate yyyy-MM-dd"
                    : "undefined variable '" + name + "'" + Suggestions.didYouMean(name, names(ctx))
                            + "; define it with --var " + name + "=... or in a profile");
            return Optional.empty();
        }
        if (m.group(2) == null && m.group(5) == null) {
            return value;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.get());
        } catch (DateTimeParseException e) {
            problem.accept("date arithmetic needs a yyyy-MM-dd value, but " + name + " is '" + value.get() + "'");
            return Optional.empty();
        }
        if (m.group(2) != null) {
            long amount = Long.parseLong(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
            date = switch (m.group(4)) {
                case "d" -> date.plusDays(amount);
                case "w" -> date.plusWeeks(amount);
                default -> date.plusMonths(amount);
            };
        }
        if (m.group(5) == null) {
            return Optional.of(date.toString());
        }
        try {
            return Optional.of(date.format(DateTimeFormatter.ofPattern(m.group(5))));
        } catch (IllegalArgumentException e) {
            problem.accept("'" + m.group(5) + "' is not a date pattern: " + e.getMessage());
            return Optional.empty();
        }
    }
}
