package io.rtw.runtime;

import io.rtw.meta.Identifiers;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@code CREATE TABLE IF NOT EXISTS} against the catalog table of that name: Flink leaves an existing table
 * as it is, so a table created by an earlier version of a job file would otherwise fail the job's inserts later with
 * a column-count error, or take rows into the wrong columns.
 */
final class ExistingTables {

    private static final Pattern CREATE_IF_NOT_EXISTS =
            Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s.*");

    private ExistingTables() {}

    /**
     * What differs between the table {@code statement} declares and the one the catalog has, with the statements that
     * bring the table to the declaration where adding columns does; empty when they agree, when the table does not
     * exist yet, or when {@code statement} is not a {@code CREATE TABLE IF NOT EXISTS} of a catalog table.
     */
    static Optional<String> drift(TableEnvironment env, String statement) {
        if (!CREATE_IF_NOT_EXISTS.matcher(statement).matches()) {
            return Optional.empty();
        }
        TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
        List<Operation> operations;
        try {
            operations = internal.getParser().parse(statement);
        } catch (RuntimeException e) {
            return Optional.empty(); // executing the statement reports it
        }
        if (operations.size() != 1 || !(operations.get(0) instanceof CreateTableOperation create)
                || create.isTemporary()) {
            return Optional.empty();
        }
        Optional<ContextResolvedTable> existing = internal.getCatalogManager().getTable(create.getTableIdentifier());
        if (existing.isEmpty() || existing.get().isTemporary()
                || !(existing.get().getResolvedTable() instanceof ResolvedCatalogTable table)) {
            return Optional.empty();
        }
        String name = create.getTableIdentifier().asSummaryString();
        List<String> differences = differences(create.getCatalogTable(), table);
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(name).append(" exists and differs from its declaration here (CREATE TABLE "
                + "IF NOT EXISTS leaves an existing table as it is):");
        differences.forEach(d -> b.append("\n  - ").append(d));
        List<String> alters = additions(create.getTableIdentifier().asSerializableString(),
                create.getCatalogTable().getResolvedSchema(), table.getResolvedSchema());
        if (alters.size() == differences.size()) {
            b.append("\nAdd the missing columns (rows written before read NULL in them) with rtw query and this run's "
                    + "project options, then run the job again:");
            alters.forEach(a -> b.append("\n  ").append(a));
        } else {
            b.append("\nChange the declaration to match the table, or migrate the table (ALTER TABLE, or drop it and "
                    + "recompute its days) before running the job.");
        }
        return Optional.of(b.toString());
    }

    /** The differences of columns, primary key and partition keys, declared against existing, in a person's words. */
    static List<String> differences(ResolvedCatalogTable declared, ResolvedCatalogTable existing) {
        Map<String, String> have = types(existing.getResolvedSchema());
        Map<String, String> want = types(declared.getResolvedSchema());
        List<String> out = new ArrayList<>();
        want.forEach((column, type) -> {
            String had = have.get(column);
            if (had == null) {
                out.add("column " + column + " " + type + " is declared, not in the table");
            } else if (!had.equals(type)) {
                out.add("column " + column + " is " + type + " here, " + had + " in the table");
            }
        });
        have.forEach((column, type) -> {
            if (!want.containsKey(column)) {
                out.add("column " + column + " " + type + " is in the table, not declared");
            }
        });
        List<String> common = new ArrayList<>(want.keySet());
        common.retainAll(have.keySet());
        List<String> order = new ArrayList<>(have.keySet());
        order.retainAll(want.keySet());
        if (!common.equals(order)) {
            out.add("columns in another order: declared " + common + ", in the table " + order);
        }
        List<String> keyWanted = key(declared.getResolvedSchema());
        List<String> keyHad = key(existing.getResolvedSchema());
        if (!keyWanted.equals(keyHad)) {
            out.add("primary key " + keyWanted + " here, " + keyHad + " in the table");
        }
        if (!declared.getPartitionKeys().equals(existing.getPartitionKeys())) {
            out.add("partitioned by " + declared.getPartitionKeys() + " here, by " + existing.getPartitionKeys()
                    + " in the table");
        }
        return out;
    }

    /** One {@code ALTER TABLE ... ADD} per declared column the table lacks, placed after its declared predecessor. */
    private static List<String> additions(String table, ResolvedSchema declared, ResolvedSchema existing) {
        Map<String, String> have = types(existing);
        List<String> out = new ArrayList<>();
        String previous = null;
        for (Column c : declared.getColumns()) {
            if (c.isPhysical() && !have.containsKey(c.getName())) {
                out.add("ALTER TABLE " + table + " ADD " + Identifiers.escaped(c.getName()) + " " + nullable(c)
                        + (previous == null ? " FIRST" : " AFTER " + Identifiers.escaped(previous)));
            }
            previous = c.getName();
        }
        return out;
    }

    /**
     * Physical columns in order, by name, with their types as SQL; nullability (keys are NOT NULL) and time attributes
     * (a watermark marks a column) left out.
     */
    private static Map<String, String> types(ResolvedSchema schema) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Column c : schema.getColumns()) {
            if (c.isPhysical()) {
                out.put(c.getName(), nullable(c));
            }
        }
        return out;
    }

    private static String nullable(Column c) {
        return LogicalTypeUtils.removeTimeAttributes(c.getDataType().getLogicalType()).copy(true).asSummaryString();
    }

    private static List<String> key(ResolvedSchema schema) {
        return schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
    }
}
