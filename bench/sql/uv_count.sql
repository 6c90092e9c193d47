-- Benchmark diagnostic: uv_sketch.sql with the aggregates that return the count (uv_bitmap64, uv_hll) in
-- place of bitmap64_build / hll_sketch bytes, so no window fire serializes the day's summary. Shows what
-- materializing the bitmap bytes every minute costs. Both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.bench_count_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll BIGINT,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

INSERT INTO paimon.ads.bench_count_minute_${mode}
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd'),
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END,
  window_end,
  SUM(pv),
  uv_bitmap64(user_id),
  uv_hll(user_id)
FROM TABLE(CUMULATE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());
