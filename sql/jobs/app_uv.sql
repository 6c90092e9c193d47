-- Per-minute cumulative UV and PV of the business day, per channel and for all channels ('__all__'),
-- and the activity cumulative UV since ${activity.start}. One file, both modes:
--   stream: over Kafka, each minute's row as soon as the watermark passes the minute's end;
--   batch:  over ods.app_events, partition ${bizdate}, the same rows recomputed from the archive (late
--           records included), and the day's activity cumulative published for tomorrow's stream job.
-- UV is kept two ways: an exact 64-bit Roaring bitmap, and HLL sketch bytes beside its estimate.
-- The activity cumulative of day T = the activity cumulative of T-1 (looked up from the serving store)
-- merged with T so far; on ${activity.start} itself nothing is looked up.

-- A batch run of T needs the activity cumulative of T-1 recomputed by a batch run first (the stream job
-- starts before T-1 is closed, so it takes what the serving store has).
--#require the activity cumulative of ${bizdate - 1d}: run --mode batch --bizdate ${bizdate - 1d} first
SELECT COUNT(*) > 0 OR '${bizdate}' <= '${activity.start}' FROM paimon.ads.app_uv_activity_day
WHERE dt = '${bizdate - 1d}' AND activity_start = '${activity.start}' AND computed_by = 'batch';

CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.app_uv_minute (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  hll BYTES,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt) WITH ('bucket' = '2');

CREATE TABLE IF NOT EXISTS paimon.ads.app_uv_activity_minute (
  dt STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  activity_start STRING,
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt) WITH ('bucket' = '2');

-- Result tables have fixed buckets: a few thousand rows a day need no dynamic bucket index, whose restore
-- fails the job once more after every failover (Paimon commits the restored index, then restarts).

-- The activity cumulative at the end of each day, with its summaries: one row per channel and day, the
-- newest minute kept whatever order rows arrive in.
CREATE TABLE IF NOT EXISTS paimon.ads.app_uv_activity_day (
  dt STRING,
  channel STRING,
  activity_start STRING,
  minute_end TIMESTAMP(3),
  pv BIGINT,
  uv BIGINT,
  uv_hll DOUBLE,
  bitmap BYTES,
  hll BYTES,
  computed_by STRING,
  PRIMARY KEY (dt, channel) NOT ENFORCED
) PARTITIONED BY (dt) WITH ('sequence.field' = 'minute_end', 'bucket' = '2');

-- The day so far at the end of every minute: CUMULATE windows of one minute's step over one day.
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

-- The activity so far: the previous day's activity summaries and PV from the serving store merged with today's.
-- Every statement reads uv_minute's PV (here the activity's), so the planner keeps one window aggregate for all
-- of them; a branch that did not would get a second aggregate over every event, without SUM(pv).
CREATE TEMPORARY VIEW uv_activity AS
SELECT
  m.dt,
  m.channel,
  m.minute_end,
  COALESCE(a.pv, 0) + m.pv AS pv,
  bitmap64_merge(a.bitmap, m.bitmap) AS bitmap,
  hll_merge(a.hll, m.hll) AS hll
FROM (SELECT *, PROCTIME() AS lookup_time FROM uv_minute) AS m
LEFT JOIN uv_serving FOR SYSTEM_TIME AS OF m.lookup_time AS a
  ON a.metric = 'activity_uv'
  AND a.channel = m.channel
  AND a.dt = DATE_FORMAT(TIMESTAMPADD(DAY, -1, TO_TIMESTAMP(m.dt, 'yyyy-MM-dd')), 'yyyy-MM-dd')
  AND m.dt > '${activity.start}'
-- Days of the activity only. The condition names the lookup side (never set before the start) so the planner
-- cannot push it below the window aggregation, which would make it copy every event into each of its day's
-- windows instead of sharing one-minute slices.
WHERE m.dt >= '${activity.start}' OR a.dt IS NOT NULL;

INSERT INTO paimon.ads.app_uv_minute
SELECT dt, channel, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), hll FROM uv_minute;

INSERT INTO paimon.ads.app_uv_activity_minute
SELECT dt, channel, minute_end, '${activity.start}', pv, bitmap64_cardinality(bitmap), hll_estimate(hll) FROM uv_activity;

INSERT INTO paimon.ads.app_uv_activity_day
SELECT dt, channel, '${activity.start}', minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), bitmap, hll,
  '${mode}'
FROM uv_activity;

-- Serving rows: one per metric, channel and day; the store keeps the newest minute (minute_end is the
-- cell version), so replays and out-of-order batch writes never move a value backwards. One INSERT, so the
-- store's job-wide write limit (sink.rate-limit) covers both metrics.
INSERT INTO uv_serving
SELECT 'day_uv', channel, dt, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), bitmap, hll
FROM uv_minute
UNION ALL
SELECT 'activity_uv', channel, dt, minute_end, pv, bitmap64_cardinality(bitmap), hll_estimate(hll), bitmap, hll
FROM uv_activity;
