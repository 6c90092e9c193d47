/**
 * Owns point lookups of single rows of a Paimon primary-key table (the {@code 'connector' = 'rtw-paimon-lookup'}
 * Flink SQL lookup source, with as-of-day fallback), the read side of meta-tables' {@code kind: paimon} kv tables.
 */
package io.rtw.kv.paimon;
