-- Benchmark (diagnostic): uv_sketch.sql plus a second insert that reads uv_minute's summaries without its PV,
-- as app_uv.sql's activity path does. The planner prunes SUM(pv) from that insert's tree, the two trees no
-- longer share a digest, and the job runs two window aggregates over every event. Both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.bench_two_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  hll BYTES,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TABLE IF NOT EXISTS paimon.ads.bench_two_summary_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  uv BIGINT,
  uv_hll DOUBLE,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TEMPORARY VIEW uv_minute AS
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt,
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END AS channel,
  window_end AS minute_end,
  SUM(pv) AS pv,
  bitmap64_build(user_id) AS bitmap,
  hll_sketch(user_id) AS hll
FROM TABLE(CUMULATE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());

INSERT INTO paimon.ads.bench_two_minute_${mode}
SELECT dt, channel, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), hll FROM uv_minute;

INSERT INTO paimon.ads.bench_two_summary_${mode}
SELECT dt, channel, minute_end, bitmap64_cardinality(bitmap), hll_estimate(hll) FROM uv_minute;
