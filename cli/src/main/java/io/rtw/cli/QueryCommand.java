package io.rtw.cli;

import io.rtw.meta.Project;
import io.rtw.runtime.QueryResult;
import io.rtw.runtime.WarehouseSession;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code rtw query "SQL"}: batch SQL over the warehouse, rows printed for people or scripts. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Runs a batch query over the warehouse (its catalogs and meta-tables registered, batch "
                + "sources over every partition) and prints the rows.",
        footer = {"", "Examples:",
            "  rtw query \"SELECT channel, MAX(uv) FROM paimon.ads.app_uv_minute WHERE dt = '2026-11-21' GROUP BY channel\"",
            "  rtw query --format csv \"SELECT * FROM paimon.ods.app_events_dead_letter\""})
final class QueryCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { table, csv, json }

    /** Decimals keep their scale (a DECIMAL(10, 2) of 1.50 prints as 1.50). */
    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(
            JsonNodeFactory.withExactBigDecimals(true));

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Parameters(paramLabel = "SQL", arity = "1..*", description = "One statement, quoted as one argument: a query, or "
            + "DDL such as the ALTER TABLE that rtw run prints when a job file declares a column its table lacks.")
    List<String> sql;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (aligned, for people), csv or json (one object per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        if (sql.size() > 1) {
            // Unquoted, the shell splits the statement into words and expands * into file names.
            throw new ParameterException(spec.commandLine(), "rtw query takes the statement as one argument, got "
                    + sql.size() + " words: quote it, e.g. rtw query \"SELECT * FROM paimon.ads.app_uv_minute\"");
        }
        Project p = project.load();
        WarehouseSession session = WarehouseSession.forQueries(p, Optional.empty(), Map.of("parallelism.default", "1"),
                project.options().secrets(), "query");
        print(spec.commandLine().getOut(), session.query(sql.get(0)), format);
        return 0;
    }

    static void print(PrintWriter out, QueryResult result, Format format) {
        List<List<String>> rows = result.text();
        List<String> header = rows.get(0);
        List<List<String>> body = rows.subList(1, rows.size());
        switch (format) {
            case csv -> rows.forEach(r -> out.println(r.stream().map(QueryCommand::csv).collect(Collectors.joining(","))));
            case json -> result.rows().forEach(r -> {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 0; i < header.size(); i++) {
                    o.set(header.get(i), JSON.valueToTree(jsonValue(r.getField(i))));
                }
                out.println(o);
            });
            default -> {
                TextTable t = new TextTable(header.toArray(new String[0]));
                body.forEach(r -> t.row(r.toArray(new String[0])));
                t.print(out);
                out.println(body.size() + (body.size() == 1 ? " row" : " rows"));
            }
        }
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** What a value is in JSON: numbers and booleans as such, binary values as {@code base64:...}, others as text. */
    private static Object jsonValue(Object v) {
        return v == null || v instanceof Boolean || v instanceof Number ? v
                : v instanceof byte[] b ? "base64:" + Base64.getEncoder().encodeToString(b) : v.toString();
    }
}
