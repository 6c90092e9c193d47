CREATE CATALOG IF NOT EXISTS `paimon` WITH (
  'type' = 'paimon',
  'warehouse' = 's3://lake/${env:BUCKET_KEY}'
);

CREATE TEMPORARY VIEW `secure_events` AS
SELECT
  CAST(`id` AS STRING) AS `id`
FROM `paimon`.`ods`.`events`;

CREATE TEMPORARY TABLE `uv_serving` (
  `metric` STRING COMMENT 'metric''s name',
  `uv` BIGINT,
  PRIMARY KEY (`metric`) NOT ENFORCED
) WITH (
  'connector' = 'blackhole'
);
