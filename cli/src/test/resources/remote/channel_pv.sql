-- A small stream job of the example warehouse for the remote-cluster test: PV and exact UV per channel so far.
-- On a cluster it needs what Flink alone lacks: the Kafka connector, the rtw-json format (dead letters), the
-- rtw functions and Paimon; the archive, dead-letter and late inserts come with the app_events meta-table.

CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.channel_pv (
  channel STRING,
  pv BIGINT,
  uv BIGINT,
  PRIMARY KEY (channel) NOT ENFORCED
);

INSERT INTO paimon.ads.channel_pv
SELECT channel, SUM(pv), bitmap64_cardinality(bitmap64_build(user_id)) FROM app_events GROUP BY channel;
