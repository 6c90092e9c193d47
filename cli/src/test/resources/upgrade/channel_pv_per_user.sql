-- A version of channel_pv.sql whose state cannot carry over, for the upgrade test: users are counted from a first
-- aggregation per user, so the per-channel aggregation's state would be another one.

CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.channel_pv (
  channel STRING,
  pv BIGINT,
  uv BIGINT,
  PRIMARY KEY (channel) NOT ENFORCED
);

INSERT INTO paimon.ads.channel_pv
SELECT channel, SUM(pv), COUNT(*)
FROM (SELECT channel, user_id, SUM(pv) AS pv FROM app_events GROUP BY channel, user_id)
GROUP BY channel;
