/**
 * Owns point lookups of single rows of a Paimon primary-key table, as of a day: the
 * {@code 'connector' = 'rtw-paimon-lookup'} Flink SQL lookup source, the read side of meta-tables' {@code kind: paimon}
 * kv tables.
 *
 * <p>{@link io.rtw.kv.paimon.PaimonLookupTableFactory} validates the options and the declared key at planning; the
 * source ({@code PaimonLookupSource}) requires the join to give the whole primary key and reads only the columns the
 * query uses; the lookup function ({@code PaimonLookupFunction}) opens the Paimon catalog, checks the declaration
 * against the table ({@code SchemaCheck}) and hands each key to {@code PointReader}, which filters on every key column
 * at the latest snapshot so Paimon reads one partition's one bucket, merged by the table's merge engine. With
 * {@code lookup.as-of-column}, a miss on day X scans the earlier days newest first. Nothing is cached unless
 * {@code lookup.cache} asks for Flink's cache; every lookup is counted ({@code ReadMetrics}).
 */
package io.rtw.kv.paimon;
