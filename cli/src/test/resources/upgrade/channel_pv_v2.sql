-- channel_pv.sql's next version for the upgrade test: the result table gains a nullable column computed from the
-- same aggregates (views beyond each user's first), so the aggregation's state carries over.

CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.channel_pv (
  channel STRING,
  pv BIGINT,
  uv BIGINT,
  repeat_views BIGINT,
  PRIMARY KEY (channel) NOT ENFORCED
);

INSERT INTO paimon.ads.channel_pv
SELECT channel, SUM(pv), bitmap64_cardinality(bitmap64_build(user_id)),
  SUM(pv) - bitmap64_cardinality(bitmap64_build(user_id))
FROM app_events GROUP BY channel;
