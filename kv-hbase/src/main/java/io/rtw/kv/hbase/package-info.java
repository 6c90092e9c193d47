/**
 * Owns the HBase key-value store for serving: the {@code 'connector' = 'rtw-hbase'} Flink SQL connector
 * (an idempotent, buffered, retried, job-wide rate-limited sink and an async, cached lookup source), the
 * {@code kind: hbase} binding for meta-tables' {@code kv:} blocks, and the API that creates serving tables and reads
 * their rows from outside a job ({@link io.rtw.kv.hbase.HBaseTables} for a {@link io.rtw.kv.hbase.KvTarget}; the
 * command line's {@code rtw kv} lives in the cli module).
 *
 * <h2>Row keys for serving reads</h2>
 * The table's PRIMARY KEY columns, in the order the key declares them, are rendered as text and joined
 * with {@code row-key.delimiter} ({@code |}); a delimiter or backslash inside a value is escaped with a
 * backslash, so keys never collide. Declare serving keys as <em>metric, dimensions..., date</em>:
 * <pre>
 *   PRIMARY KEY (metric, channel, dt)      -- row key  uv_cum|app|2026-11-21
 * </pre>
 * <ul>
 *   <li>A serving read names the metric, the dimension values and the day: one point {@code Get}, which
 *       is also exactly what the lookup source does (it requires equality on every key column).</li>
 *   <li>The metric first keeps one metric's rows together; the date last (a DATE, or a
 *       {@code yyyy-MM-dd} string: text that sorts as time) makes the history of one metric and
 *       dimension combination one contiguous prefix scan, {@code uv_cum|app|}, oldest day first.</li>
 *   <li>"All channels" is a dimension value of its own ({@code uv_cum|all|2026-11-21}), written by the
 *       job, never summed at read time.</li>
 *   <li>Per-minute values of a day go in the row's cells or in a minute-of-day key column placed after
 *       the date, so a day's curve is one prefix scan too.</li>
 *   <li>Numbers in a key are decimal text and do not sort numerically; keep them out of the last,
 *       scanned position or zero-pad them in SQL. When one region server becomes hot, the usual
 *       remedy is a salt column first in the key (a small hash bucket of the dimensions), paid for
 *       by one scan per salt value.</li>
 * </ul>
 *
 * <h2>Values</h2>
 * Every non-key column is a cell of {@code column-family} with the column name as qualifier, stored as
 * UTF-8 text (numbers in decimal, dates ISO) so any client can read it; BINARY/VARBINARY (sketches) are
 * stored as they are. A null deletes its cell, so the HBase row always equals the last row written.
 *
 * <h2>Idempotence</h2>
 * The sink only puts whole values (never increments) and deletes, so writing a row twice leaves the
 * same row: a replay after recovery cannot double-count. With {@code sink.version-column} (e.g. the
 * window end) the cells carry that timestamp, so a replay writes identical cells (no extra versions)
 * and an older, late row never hides a newer one; without it HBase stamps the write time and a
 * family keeping several versions shows the replay as an extra, identical version.
 *
 * <h2>Rate limit</h2>
 * {@code sink.rate-limit} is rows per second for the whole job: each of N subtasks paces itself at
 * 1/N of it (see {@link io.rtw.kv.hbase.RateLimiter} for why shares and not a coordinator). With a
 * {@code sink.version-column} as well, rows are spread round-robin over the subtasks, so a few hot keys
 * (a day's handful of channels) do not leave subtasks idle and the job below its limit; versioned cells
 * make the write order of a key's rows irrelevant. Without a version column rows stay keyed.
 *
 * <h2>Metrics</h2>
 * Besides Flink's {@code numRecordsSend} and {@code numRecordsSendErrors}, each sink writer reports what HBase
 * acknowledged in its group {@code rtw}: {@code hbaseRowsWritten}, {@code hbaseCellsWritten},
 * {@code hbaseValueBytesWritten}, {@code hbaseKeyBytesWritten} (row key, family and qualifier of every cell) and the
 * gauge {@code hbaseLargestCellBytes}; and what it was handed before its buffer folded a key's changes,
 * {@code hbaseRowsReceived} and {@code hbaseValueBytesReceived}. bench/scale.sh reads them (docs/benchmarks.md,
 * "Scale and freshness").
 */
package io.rtw.kv.hbase;
