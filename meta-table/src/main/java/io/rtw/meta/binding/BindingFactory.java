package io.rtw.meta.binding;

import io.rtw.meta.Secrets;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.factories.Factory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of binding ({@code kind: kafka}, {@code kind: paimon}, ...), discovered through Flink's
 * {@link Factory} SPI by {@link #factoryIdentifier()}: a new kind is a new class listed in
 * {@code META-INF/services/org.apache.flink.table.factories.Factory}, never a new branch.
 *
 * <p>Options are declared with {@link #requiredOptions()} and {@link #optionalOptions()} (typed, with
 * descriptions); keys under one of {@link #prefixes()} pass through. Anything else is rejected with the
 * list of supported keys before {@link #validate} or {@link #relation} are called.
 */
public interface BindingFactory extends Factory {

    /** The blocks this kind may appear in. */
    Set<Side> sides();

    /** Option key prefixes passed through unchecked, e.g. {@code properties.}. */
    default Set<String> prefixes() {
        return Set.of();
    }

    /**
     * Options and prefixes (as {@link #prefixes()} spells them) that belong in one side's block only, by key; in
     * another side's block they are refused, naming the side they belong in. Every other option fits every side.
     */
    default Map<String, Side> sideOnly() {
        return Map.of();
    }

    /**
     * Checks the options beyond their types, reporting each problem as a sentence about one option.
     *
     * @param options the typed options
     * @param fields the side's physical fields, name to type
     * @param problems receives one message per problem
     */
    default void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {}

    /**
     * Checks a {@code kv} binding against the serving table it stores, once its columns and primary key are read.
     *
     * @param options the typed options
     * @param columns the table's columns, name to type
     * @param primaryKey the table's primary key columns, in order
     * @param problems receives one message per problem
     */
    default void validateServing(ReadableConfig options, Map<String, String> columns, List<String> primaryKey,
            Problems problems) {}

    /** Receives a binding's problems, each about one option: the YAML locates it at that option's key. */
    @FunctionalInterface
    interface Problems {
        void about(ConfigOption<?> option, String message);
    }

    /**
     * The relation this binding compiles to.
     *
     * @param tableName the meta-table's logical name
     * @param options the typed options (already validated)
     * @param rawOptions the options as written, for prefix pass-through
     */
    Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions);

    /**
     * A {@code kv} binding whose {@link #relation} is a catalog table, as the connector table jobs look its rows up in,
     * given the options of the catalog it lives in; empty when this kind cannot read that catalog.
     *
     * @param rawOptions the binding's options as written
     */
    default Optional<Relation.ConnectorTable> servingTable(Relation.CatalogTable table,
            Map<String, String> catalogOptions, Map<String, String> rawOptions) {
        return Optional.empty();
    }

    /**
     * For a {@code kv} binding jobs may only look rows up in: the table they write instead (as a job names it, e.g.
     * {@code paimon.ads.uv_day}); empty when jobs write the store through the binding itself.
     *
     * @param options the binding's options as written
     */
    default Optional<String> readOnly(Map<String, String> options) {
        return Optional.empty();
    }

    /** Extra connector options that make a stream source stop at the end of what exists when the job starts. */
    default Map<String, String> boundedOptions() {
        return Map.of();
    }

    /**
     * The catalog table as a bounded connector table, so that batch SQL run on Flink's streaming runtime can
     * declare an event-time attribute on it; empty when this kind cannot, and such jobs need the batch runtime.
     *
     * @param table the table as {@link #relation} returned it
     * @param catalogOptions the options of the catalog it lives in
     */
    default Optional<Relation.ConnectorTable> boundedScan(Relation.CatalogTable table,
            Map<String, String> catalogOptions) {
        return Optional.empty();
    }

    /**
     * How a stream source of this kind hands on records it cannot decode, for its dead-letter table; empty (the usual
     * way) to read it with the {@link DeadLetterFormat} that stands in for the binding's {@code format}.
     *
     * @param options the source's connector options as compiled
     */
    default Optional<DeadLetterDecoding> deadLetterDecoding(Map<String, String> options,
            DeadLetterDecoding.Request request) {
        return Optional.empty();
    }

    /**
     * The fixed extent of a bounded replay of a stream source of this kind, read from its server now; empty when the
     * connector options of {@link #boundedOptions()} stop the source where it should by themselves.
     *
     * @param table the meta-table's name, for messages
     * @param options the binding's options as written (project variables resolved, {@code ${env:NAME}} not)
     * @param secrets resolves {@code ${env:NAME}} in them; a description or refusal never shows a resolved value
     * @throws BindingException when the replay cannot be read (the server does not answer, the binding cannot be
     *     replayed)
     */
    default Optional<ReplayExtent> replayExtent(String table, Map<String, String> options, Secrets secrets) {
        return Optional.empty();
    }

    /**
     * Refuses a job that writes a serving table of this kind from several INSERTs where the store needs them as one
     * (a rate limit that applies per sink): the sentence saying why, given how many INSERTs write it; empty when any
     * number may.
     *
     * @param table the serving meta-table's name
     * @param options the kv binding's options as written
     * @param inserts how many INSERTs of the job write the table (more than one)
     */
    default Optional<String> writersProblem(String table, Map<String, String> options, int inserts) {
        return Optional.empty();
    }

    /**
     * Where each record came from, as metadata columns for dead-letter rows: column name (one of
     * {@code topic}, {@code partition}, {@code offset}, {@code timestamp}) to the connector's
     * {@code TYPE METADATA FROM 'key'} declaration.
     */
    default Map<String, String> originMetadata() {
        return Map.of();
    }

    /**
     * Checks, before a job that uses this binding is submitted, that its server answers within {@code timeout} and
     * holds what the binding names (a topic, a table): one sentence per problem, naming the server as written.
     *
     * @param options the binding's options as written (project variables resolved, {@code ${env:NAME}} not)
     * @param secrets resolves {@code ${env:NAME}} in them; a problem never shows a resolved value
     * @param timeout how long the server may take to answer
     */
    default List<String> checkServer(Map<String, String> options, Secrets secrets, Duration timeout) {
        return List.of();
    }

    /** Collects the raw options under {@code prefix}, keeping the full key. */
    static Map<String, String> withPrefix(Map<String, String> rawOptions, String prefix) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        rawOptions.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Every declared option, required first. */
    default Set<ConfigOption<?>> allOptions() {
        Set<ConfigOption<?>> all = new java.util.LinkedHashSet<>(requiredOptions());
        all.addAll(optionalOptions());
        return all;
    }
}
