/**
 * Binding kinds: the pluggable physical sources and stores a meta-table side can be bound to (Kafka,
 * Paimon, files, KV stores), found by identifier through Flink's {@code Factory} SPI.
 */
package io.rtw.meta.binding;
