-- Per-minute cumulative UV/PV per channel and for all channels, the same file in both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.uv_minute_${mode} (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  uv_theta DOUBLE,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt);

INSERT INTO paimon.ads.uv_minute_${mode}
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd'),
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END,
  window_end,
  SUM(pv),
  bitmap64_cardinality(bitmap64_build(user_id)),
  hll_estimate(hll_sketch(user_id)),
  theta_estimate(theta_sketch(user_id))
FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY))
GROUP BY window_start, window_end, GROUPING SETS ((channel), ());
