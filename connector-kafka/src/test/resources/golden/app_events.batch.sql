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

CREATE TEMPORARY VIEW `app_events` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  CAST((CAST(event_time AS TIMESTAMP_LTZ(3))) AS TIMESTAMP_LTZ(3)) AS `event_time`,
  CAST((new_user_flag = 'Y') AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`
FROM `paimon`.`ods`.`app_events`
WHERE `dt` = '2026-11-21';
