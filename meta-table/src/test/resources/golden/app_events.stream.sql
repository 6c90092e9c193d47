CREATE CATALOG IF NOT EXISTS `paimon` WITH (
  'type' = 'paimon',
  'warehouse' = 'file:///srv/rtw/warehouse'
);

CREATE TEMPORARY TABLE `app_events$source` (
  `event_id` STRING,
  `user_id` BIGINT,
  `event_type` STRING,
  `channel` STRING,
  `ts` BIGINT,
  `new_user` INT,
  `rtw$event_time` AS CAST((TO_TIMESTAMP_LTZ(ts, 3)) AS TIMESTAMP_LTZ(3)),
  WATERMARK FOR `rtw$event_time` AS `rtw$event_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'app_events',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'properties.group.id' = 'rtw-example',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'format' = 'json'
);

CREATE TEMPORARY VIEW `app_events` AS
SELECT
  CAST(`event_id` AS STRING) AS `event_id`,
  CAST(`user_id` AS BIGINT) AS `user_id`,
  CAST(`event_type` AS STRING) AS `event_type`,
  CAST(`channel` AS STRING) AS `channel`,
  `rtw$event_time` AS `event_time`,
  CAST((new_user = 1) AS BOOLEAN) AS `new_user`,
  IF(TRUE, CAST((1) AS BIGINT), CAST(NULL AS BIGINT)) AS `pv`
FROM `app_events$source`;
