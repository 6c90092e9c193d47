CREATE CATALOG IF NOT EXISTS `paimon` WITH (
  'type' = 'paimon',
  'warehouse' = 'file:///srv/rtw/warehouse'
);

CREATE DATABASE IF NOT EXISTS `paimon`.`ods`;

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`app_events` (
  `event_id` STRING,
  `user_id` BIGINT,
  `event_type` STRING,
  `channel` STRING,
  `event_time` TIMESTAMP(3),
  `new_user_flag` STRING,
  `dt` STRING
) PARTITIONED BY (`dt`);

CREATE TEMPORARY TABLE `app_events$source` (
  `event_id` STRING,
  `user_id` BIGINT,
  `event_type` STRING,
  `channel` STRING,
  `event_time` TIMESTAMP(3),
  `new_user_flag` STRING,
  `dt` STRING,
  `rtw$event_time` AS CAST((CAST(event_time AS TIMESTAMP_LTZ(3))) AS TIMESTAMP_LTZ(3)),
  WATERMARK FOR `rtw$event_time` AS CAST(NULL AS TIMESTAMP_LTZ(3))
)
PARTITIONED BY (`dt`) WITH (
  'connector' = 'paimon',
  'path' = 'file:///srv/rtw/warehouse/ods.db/app_events',
  'scan.bounded' = 'true'
);

CREATE TEMPORARY VIEW `app_events` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  `rtw$event_time` AS `event_time`,
  CAST((new_user_flag = 'Y') AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`
FROM `app_events$source`
WHERE `dt` = '2026-11-21';
