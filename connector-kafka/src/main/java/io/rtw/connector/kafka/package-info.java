/**
 * Kind kafka, a plug-in of its own: the binding factory of Kafka topics (options, checks, the topic's readiness), the
 * fixed extent of a bounded replay (offsets read once before a job starts, the group moved on after it), the
 * {@code rtw-json} format that hands malformed JSON records on to a dead-letter table (for any kind read as json), and
 * {@link io.rtw.connector.kafka.KafkaLines} to produce lines to a topic.
 */
package io.rtw.connector.kafka;
