CREATE TEMPORARY TABLE `secure_events$source` (
  `id` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'events',
  'properties.bootstrap.servers' = 'broker:9093',
  'scan.startup.mode' = 'latest-offset',
  'format' = 'json',
  'properties.sasl.jaas.config' = '${env:JAAS}',
  'properties.security.protocol' = 'SASL_SSL'
);

CREATE TEMPORARY VIEW `secure_events` AS
SELECT
  CAST(`id` AS STRING) AS `id`
FROM `secure_events$source`;

CREATE TEMPORARY TABLE `uv_serving` (
  `metric` STRING COMMENT 'metric''s name',
  `uv` BIGINT,
  PRIMARY KEY (`metric`) NOT ENFORCED
) WITH (
  'connector' = 'blackhole'
);
