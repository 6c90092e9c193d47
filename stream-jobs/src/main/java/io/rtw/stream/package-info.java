/**
 * Stream jobs: the one runner of job SQL (both modes, on a local MiniCluster or a Flink cluster) with its checks
 * before a run (tables, servers), Kafka replays, and the {@code rtw-json} format that routes malformed records to
 * a dead-letter path instead of failing or dropping them.
 */
package io.rtw.stream;
