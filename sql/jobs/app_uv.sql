-- Per-minute cumulative UV and PV of the business day, per channel and for all channels ('__all__'),
-- and the activity cumulative UV since ${activity.start}. One file, both modes:
--   stream: over Kafka, each minute's rows as soon as the watermark passes the minute's end;
--   batch:  over ods.app_events, partition ${bizdate}, the same rows recomputed from the archive (late
--           records included), and the day's activity users published for the next day.
-- A key gets a row for each minute in which it had events (its value holds until its next row), so what a minute
-- costs and writes grows with that minute's events, never with the users of the day so far: a key's whole sets of
-- users stay in state, block by block, and reach Paimon as each minute's new users, which Paimon merges; HBase
-- serves only numbers. UV is exact (64-bit Roaring bitmaps), with an HLL estimate beside it.

-- A batch run of T needs the activity users of T-1 recomputed by a batch run first (the stream job starts before
-- T-1 is closed, so it takes what Paimon has).
--#require the activity cumulative of ${bizdate - 1d}: run --mode batch --bizdate ${bizdate - 1d} first
SELECT COUNT(*) > 0 OR '${bizdate}' <= '${activity.start}' FROM paimon.ads.app_uv_activity_day
WHERE dt = '${bizdate - 1d}' AND activity_start = '${activity.start}' AND batch;

-- A key's day is done a day after its last minute: its state goes then (its activity lives on in Paimon, and a key
-- that comes back reads it there).
SET 'table.exec.state.ttl' = '36 h';

CREATE DATABASE IF NOT EXISTS paimon.ads;

-- Result tables have fixed buckets: a dynamic bucket index is restored once more after every failover (Paimon commits
-- the restored index, then restarts).
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
  uv BIGINT,
  uv_hll DOUBLE,
  PRIMARY KEY (dt, channel, minute_end) NOT ENFORCED
) PARTITIONED BY (dt) WITH ('bucket' = '2');

-- The activity's users up to each day's end, per channel: written as each minute's users new to the activity (the
-- key's first minute of a day writes all of them), merged by Paimon into one bitmap and one HLL sketch per row. Stream
-- and batch rows of a day merge too: the batch's users include the stream's, so the row becomes the batch's.
CREATE TABLE IF NOT EXISTS paimon.ads.app_uv_activity_day (
  dt STRING,
  activity_start STRING,
  channel STRING,
  minute_end TIMESTAMP(3),
  bitmap BYTES,
  hll BYTES,
  batch BOOLEAN,
  PRIMARY KEY (dt, activity_start, channel) NOT ENFORCED
) PARTITIONED BY (dt) WITH (
  'bucket' = '4',
  'merge-engine' = 'aggregation',
  'fields.minute_end.aggregate-function' = 'max',
  'fields.bitmap.aggregate-function' = 'rbm64',
  'fields.hll.aggregate-function' = 'hll_sketch',
  'fields.batch.aggregate-function' = 'bool_or'
);

-- Each minute's views and users, per channel and for all channels.
CREATE TEMPORARY VIEW uv_minute_users AS
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS dt,
  CASE WHEN GROUPING(channel) = 1 THEN '__all__' ELSE channel END AS channel,
  window_end AS minute_end,
  window_time AS rt,
  SUM(pv) AS minute_pv,
  bitmap64_build(user_id) AS minute_users,
  hll_sketch(user_id) AS minute_hll
FROM TABLE(TUMBLE(TABLE app_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, GROUPING SETS ((channel), ());

-- The day so far, at the end of each of the key's minutes: views, the running set of users (its size, and the users
-- new today in this minute) and the running HLL sketch.
CREATE TEMPORARY VIEW uv_day AS
SELECT
  dt,
  channel,
  minute_end,
  rt,
  minute_hll,
  COUNT(*) OVER d AS nth,
  SUM(minute_pv) OVER d AS pv,
  bitmap64_running(minute_users) OVER d AS users,
  hll_union(minute_hll) OVER d AS hll
FROM uv_minute_users
WINDOW d AS (PARTITION BY dt, channel ORDER BY rt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

-- Every minute row of a key with the day so far and the activity so far: the key's users since ${activity.start},
-- kept in state across days. On the key's first minute of a day the activity's users up to yesterday are read from
-- Paimon (as of yesterday: a key absent yesterday finds its latest earlier day), once per key and day, and merged in:
-- after a restart they are all the job knows, and a batch day that ran since adds that day's late users.
-- The condition holds for every row; it makes every INSERT below read all of the view's columns, so the planner keeps
-- one copy of each running aggregate for all of them instead of one per INSERT (rtw sql explain: 3 aggregations).
CREATE TEMPORARY VIEW uv_rows AS
SELECT
  d.dt,
  d.channel,
  d.minute_end,
  d.nth,
  d.pv,
  d.users AS day_users,
  d.hll AS day_hll,
  d.minute_hll,
  bitmap64_running(IF(d.dt >= '${activity.start}', bitmap64_merge(p.bitmap, d.users.fresh), CAST(NULL AS BYTES)),
    d.nth = 1) OVER a AS activity_users,
  hll_union(IF(d.dt >= '${activity.start}', hll_merge(p.hll, d.minute_hll), CAST(NULL AS BYTES))) OVER a
    AS activity_hll
FROM (SELECT *, PROCTIME() AS lookup_time FROM uv_day) AS d
LEFT JOIN uv_activity_days FOR SYSTEM_TIME AS OF d.lookup_time AS p
  ON p.activity_start = '${activity.start}'
  AND p.channel = d.channel
  AND p.dt = IF(d.nth = 1 AND d.dt > '${activity.start}',
    DATE_FORMAT(TIMESTAMPADD(DAY, -1, TO_TIMESTAMP(d.dt, 'yyyy-MM-dd')), 'yyyy-MM-dd'), CAST(NULL AS STRING))
WINDOW a AS (PARTITION BY d.channel ORDER BY d.rt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

CREATE TEMPORARY VIEW uv AS
SELECT * FROM uv_rows
WHERE nth > 0 AND pv >= 0 AND day_users.distinct_ids > 0 AND activity_users.distinct_ids >= 0
  AND day_hll IS NOT NULL AND minute_hll IS NOT NULL AND activity_hll IS NOT NULL;

INSERT INTO paimon.ads.app_uv_minute
SELECT dt, channel, minute_end, pv, u.day_users.distinct_ids, hll_estimate(day_hll), day_hll FROM uv AS u;

INSERT INTO paimon.ads.app_uv_activity_minute
SELECT dt, channel, minute_end, '${activity.start}', u.activity_users.distinct_ids, hll_estimate(activity_hll)
FROM uv AS u WHERE dt >= '${activity.start}';

INSERT INTO paimon.ads.app_uv_activity_day
SELECT dt, '${activity.start}', channel, minute_end, COALESCE(u.activity_users.snapshot, u.activity_users.fresh),
  IF(nth = 1, activity_hll, minute_hll), '${mode}' = 'batch'
FROM uv AS u WHERE dt >= '${activity.start}';

-- Serving rows: one per metric, channel and day, numbers only; the store keeps the newest minute (minute_end is the
-- cell version), so replays and out-of-order batch writes never move a value backwards. One INSERT, so the store's
-- job-wide write limit (sink.rate-limit) covers both metrics.
INSERT INTO uv_serving
SELECT 'day_uv', channel, dt, minute_end, pv, u.day_users.distinct_ids, hll_estimate(day_hll) FROM uv AS u
UNION ALL
SELECT 'activity_uv', channel, dt, minute_end, CAST(NULL AS BIGINT), u.activity_users.distinct_ids,
  hll_estimate(activity_hll)
FROM uv AS u WHERE dt >= '${activity.start}';
