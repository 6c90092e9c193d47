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
  `ts` BIGINT,
  `new_user` INT,
  `rtw$error` STRING,
  `rtw$payload` STRING,
  `rtw$topic` STRING METADATA FROM 'topic' VIRTUAL,
  `rtw$partition` INT METADATA FROM 'partition' VIRTUAL,
  `rtw$offset` BIGINT METADATA FROM 'offset' VIRTUAL,
  `rtw$timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  `rtw$event_time` AS COALESCE(TRY_CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)), CAST(TO_TIMESTAMP_LTZ(0, 3) AS TIMESTAMP_LTZ(3))),
  WATERMARK FOR `rtw$event_time` AS `rtw$event_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'app_events',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'properties.group.id' = 'rtw-example',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'format' = 'rtw-json',
  'rtw-json.required-fields' = 'event_id;user_id;event_type;channel;ts;new_user',
  'rtw-json.payload' = 'always'
);

CREATE TEMPORARY VIEW `app_events$read` AS
SELECT *, COALESCE(`rtw$error`, CASE
    WHEN (TO_TIMESTAMP_LTZ(ts, 3)) IS NOT NULL AND TRY_CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)) IS NULL THEN CONCAT('column ''event_time'': TO_TIMESTAMP_LTZ(ts, 3) gives "', CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS STRING), '", which is not a TIMESTAMP_LTZ(3)')
    WHEN TRY_CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)) IS NULL THEN 'column ''event_time'' is the event time but NULL from expr TO_TIMESTAMP_LTZ(ts, 3)'
    WHEN (new_user = 1) IS NOT NULL AND TRY_CAST((new_user = 1) AS BOOLEAN) IS NULL THEN CONCAT('column ''new_user'': new_user = 1 gives "', CAST((new_user = 1) AS STRING), '", which is not a BOOLEAN') END) AS `rtw$reason`
FROM `app_events$source`;

CREATE TEMPORARY VIEW `app_events` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  `rtw$event_time` AS `event_time`,
  TRY_CAST((new_user = 1) AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`
FROM `app_events$read`
WHERE `rtw$reason` IS NULL
  AND (CURRENT_WATERMARK(`rtw$event_time`) IS NULL OR `rtw$event_time` > CURRENT_WATERMARK(`rtw$event_time`));

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`app_events_dead_letter` (
  `payload` STRING,
  `reason` STRING,
  `topic` STRING,
  `partition` INT,
  `offset` BIGINT,
  `record_time` TIMESTAMP_LTZ(3),
  `dt` STRING
) PARTITIONED BY (`dt`);

CREATE TEMPORARY VIEW `app_events$dead_letter` AS
SELECT
  `rtw$payload` AS `payload`,
  `rtw$reason` AS `reason`,
  `rtw$topic` AS `topic`,
  `rtw$partition` AS `partition`,
  `rtw$offset` AS `offset`,
  `rtw$timestamp` AS `record_time`,
  DATE_FORMAT(`rtw$timestamp`, 'yyyy-MM-dd') AS `dt`
FROM `app_events$read`
WHERE `rtw$reason` IS NOT NULL;

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`app_events_late` (
  `event_id` STRING,
  `user_id` BIGINT,
  `event_type` STRING,
  `channel` STRING,
  `event_time` TIMESTAMP_LTZ(3),
  `new_user` BOOLEAN,
  `pv` BIGINT,
  `topic` STRING,
  `partition` INT,
  `offset` BIGINT,
  `record_time` TIMESTAMP_LTZ(3),
  `watermark` TIMESTAMP_LTZ(3),
  `dt` STRING
) PARTITIONED BY (`dt`);

CREATE TEMPORARY VIEW `app_events$late` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  TRY_CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)) AS `event_time`,
  TRY_CAST((new_user = 1) AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`,
  `rtw$topic` AS `topic`,
  `rtw$partition` AS `partition`,
  `rtw$offset` AS `offset`,
  `rtw$timestamp` AS `record_time`,
  CAST(CURRENT_WATERMARK(`rtw$event_time`) AS TIMESTAMP_LTZ(3)) AS `watermark`,
  DATE_FORMAT(`rtw$event_time`, 'yyyy-MM-dd') AS `dt`
FROM `app_events$read`
WHERE `rtw$reason` IS NULL
  AND `rtw$event_time` <= CURRENT_WATERMARK(`rtw$event_time`);

CREATE TEMPORARY VIEW `app_events$archive` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  CAST(`event_time` AS TIMESTAMP(3)) AS `event_time`,
  CAST((IF(new_user, 'Y', 'N')) AS STRING) AS `new_user_flag`,
  CAST((DATE_FORMAT(event_time, 'yyyy-MM-dd')) AS STRING) AS `dt`
FROM (
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  TRY_CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)) AS `event_time`,
  TRY_CAST((new_user = 1) AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`
FROM `app_events$read`
WHERE `rtw$reason` IS NULL
);
