-- Benchmark (experiment): uv_sketch.sql's rows with the grouping sets written as two window aggregates, per
-- channel and for all channels, over one view of the windowed events and UNION ALL'ed: no Expand operator, each
-- event goes to two local window aggregates instead of as two rows into one. Both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.bench_union_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  hll BYTES,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TEMPORARY VIEW day_so_far AS
SELECT * FROM TABLE(CUMULATE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY));

CREATE TEMPORARY VIEW uv_minute AS
SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt, channel, window_end AS minute_end, SUM(pv) AS pv,
  bitmap64_build(user_id) AS bitmap, hll_sketch(user_id) AS hll
FROM day_so_far
GROUP BY window_start, window_end, channel
UNION ALL
SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt, '__all__' AS channel, window_end AS minute_end, SUM(pv) AS pv,
  bitmap64_build(user_id) AS bitmap, hll_sketch(user_id) AS hll
FROM day_so_far
GROUP BY window_start, window_end;

INSERT INTO paimon.ads.bench_union_minute_${mode}
SELECT dt, channel, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), hll FROM uv_minute;
