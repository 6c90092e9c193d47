package io.rtw.runtime;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Relation;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsOverwrite;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.rtw.meta.Identifiers.quote;

/**
 * Tables that can be planned and never run, standing in for the Paimon tables of a job that is checked without
 * touching its warehouse: they read and write as Paimon does (a table with a primary key takes upserts, one without
 * takes any change; any table can be looked up), and fail if a job ever ran them.
 */
public final class PlanOnlyTables implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    /** The connector's name in a table's options. */
    static final String IDENTIFIER = "rtw-plan-only";
    private static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded").booleanType()
            .defaultValue(false).withDescription("Whether a scan of the table ends.");

    private final boolean bounded;

    /** The factory found by the connector's name: scans end where a table says {@code 'bounded' = 'true'}. */
    public PlanOnlyTables() {
        this(false);
    }

    private PlanOnlyTables(boolean bounded) {
        this.bounded = bounded;
    }

    /** The options that make a table of a job's DDL a plan-only one, scanned to its end when {@code bounded}. */
    static ResolvedCatalogTable standIn(ResolvedCatalogTable table, boolean bounded) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", IDENTIFIER);
        options.put(BOUNDED.key(), String.valueOf(bounded));
        return table.copy(options);
    }

    /**
     * The statements that declare, in the stand-in catalogs, the catalog tables the meta-tables' batch sides read, with
     * the fields and partition column their bindings declare: the warehouse's own tables are never looked at.
     */
    static List<String> batchTables(Project project) {
        BindingFactories kinds = BindingFactories.load();
        List<String> out = new ArrayList<>();
        for (MetaTable t : project.tables()) {
            Optional<Binding> batch = t.batch();
            Optional<BindingFactory> kind = batch.flatMap(b -> kinds.find(b.kind()));
            if (kind.isEmpty() || !(kind.get().relation(t.name(), Configuration.fromMap(batch.get().options()),
                    batch.get().options()) instanceof Relation.CatalogTable c)) {
                continue;
            }
            String columns = batch.get().fields().entrySet().stream().map(f -> "  " + quote(f.getKey()) + " "
                    + f.getValue()).collect(Collectors.joining(",\n"));
            out.add("CREATE TABLE IF NOT EXISTS " + quote(c.catalog()) + "." + quote(c.database()) + "."
                    + quote(c.table()) + " (\n" + columns + "\n)" + c.partition().map(p -> " PARTITIONED BY ("
                    + quote(p.column()) + ")").orElse(""));
        }
        return out;
    }

    /** An empty catalog of plan-only tables, standing in for catalog {@code name} of a job. */
    static GenericInMemoryCatalog catalog(String name, boolean bounded) {
        PlanOnlyTables factory = new PlanOnlyTables(bounded);
        return new GenericInMemoryCatalog(name, "default") {
            @Override
            public Optional<Factory> getFactory() {
                return Optional.of(factory);
            }

            // The real catalog may have the database already: the job need not create it.
            @Override
            public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
                    throws TableAlreadyExistException, DatabaseNotExistException {
                if (!databaseExists(path.getDatabaseName())) {
                    try {
                        createDatabase(path.getDatabaseName(), new CatalogDatabaseImpl(Map.of(), null), true);
                    } catch (DatabaseAlreadyExistException e) {
                        throw new IllegalStateException(e);
                    }
                }
                super.createTable(path, table, ignoreIfExists);
            }
        };
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(BOUNDED);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        String option = context.getCatalogTable().getOptions().get(BOUNDED.key());
        return new Source(option != null ? Boolean.parseBoolean(option) : bounded,
                hasKey(context.getCatalogTable()));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        return new Sink(hasKey(context.getCatalogTable()));
    }

    private static boolean hasKey(ResolvedCatalogTable table) {
        return table.getResolvedSchema().getPrimaryKey().isPresent();
    }

    private static UnsupportedOperationException planOnly() {
        return new UnsupportedOperationException("a plan-only table of rtw's validation cannot be run");
    }

    /** Scans and lookups of a plan-only table. */
    private record Source(boolean bounded, boolean keyed) implements ScanTableSource, LookupTableSource {
        @Override
        public ChangelogMode getChangelogMode() {
            // A stream read of a table with a primary key is a changelog, as Paimon's.
            return keyed && !bounded ? ChangelogMode.all() : ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            return SourceProvider.of(new NoSource(bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED));
        }

        @Override
        public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
            return LookupFunctionProvider.of(new LookupFunction() {
                @Override
                public Collection<RowData> lookup(RowData keyRow) {
                    throw planOnly();
                }
            });
        }

        @Override
        public DynamicTableSource copy() {
            return this;
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** The source of a plan-only table: its boundedness, for the planner. */
    private record NoSource(Boundedness boundedness) implements org.apache.flink.api.connector.source.Source<RowData,
            SourceSplit, Void> {
        @Override
        public Boundedness getBoundedness() {
            return boundedness;
        }

        @Override
        public SourceReader<RowData, SourceSplit> createReader(SourceReaderContext context) {
            throw planOnly();
        }

        @Override
        public SplitEnumerator<SourceSplit, Void> createEnumerator(SplitEnumeratorContext<SourceSplit> context) {
            throw planOnly();
        }

        @Override
        public SplitEnumerator<SourceSplit, Void> restoreEnumerator(SplitEnumeratorContext<SourceSplit> context,
                Void checkpoint) {
            throw planOnly();
        }

        @Override
        public SimpleVersionedSerializer<SourceSplit> getSplitSerializer() {
            throw planOnly();
        }

        @Override
        public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
            throw planOnly();
        }
    }

    /** Writes into a plan-only table: all changes but UPDATE_BEFORE with a primary key, any change without. */
    private record Sink(boolean keyed) implements DynamicTableSink, SupportsOverwrite, SupportsPartitioning {
        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            if (!keyed) {
                return requestedMode;
            }
            ChangelogMode.Builder upserts = ChangelogMode.newBuilder();
            requestedMode.getContainedKinds().stream().filter(k -> k != RowKind.UPDATE_BEFORE)
                    .forEach(upserts::addContainedKind);
            return upserts.build();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(init -> {
                throw planOnly();
            });
        }

        @Override
        public void applyOverwrite(boolean overwrite) {}

        @Override
        public void applyStaticPartition(Map<String, String> partition) {}

        @Override
        public DynamicTableSink copy() {
            return this;
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }
}
