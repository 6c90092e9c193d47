-- Benchmark baseline (A3/B2): the same job as uv_sketch.sql with Flink's exact COUNT(DISTINCT user_id) in
-- place of the bitmap and HLL summaries (same windows, grouping sets and sink shape). Both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.bench_exact_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TEMPORARY VIEW uv_minute AS
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt,
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END AS channel,
  window_end AS minute_end,
  SUM(pv) AS pv,
  COUNT(DISTINCT user_id) AS uv
FROM TABLE(CUMULATE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());

INSERT INTO paimon.ads.bench_exact_minute_${mode}
SELECT dt, channel, minute_end, pv, uv FROM uv_minute;
