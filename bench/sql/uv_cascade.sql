-- Benchmark (experiment): uv_sketch.sql's rows through a cascade: each minute's summaries per channel (TUMBLE),
-- then the day's cumulative of those minute rows per channel and for all channels (CUMULATE over window_time),
-- so every event is aggregated once (no grouping-set Expand per event). Both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.bench_cascade_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  hll BYTES,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TEMPORARY VIEW minute_channel AS
SELECT window_time, channel, SUM(pv) AS pv, bitmap64_build(user_id) AS bitmap, hll_sketch(user_id) AS hll
FROM TABLE(TUMBLE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, channel;

CREATE TEMPORARY VIEW uv_minute AS
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt,
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END AS channel,
  window_end AS minute_end,
  SUM(pv) AS pv,
  bitmap64_union(bitmap) AS bitmap,
  hll_union(hll) AS hll
FROM TABLE(CUMULATE(TABLE minute_channel, DESCRIPTOR(window_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());

INSERT INTO paimon.ads.bench_cascade_minute_${mode}
SELECT dt, channel, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), hll FROM uv_minute;
