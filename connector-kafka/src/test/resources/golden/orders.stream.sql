CREATE CATALOG IF NOT EXISTS `paimon` WITH (
  'type' = 'paimon',
  'warehouse' = 'file:///srv/rtw/warehouse'
);

CREATE DATABASE IF NOT EXISTS `paimon`.`ods`;

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`orders_di` (
  `order_id` STRING,
  `buyer_id` STRING,
  `pay_amount` DECIMAL(12, 2),
  `discount` DECIMAL(12, 2),
  `pay_time_local` STRING,
  `refund_flag` STRING,
  `ds` STRING
) PARTITIONED BY (`ds`);

CREATE TEMPORARY TABLE `orders$source` (
  `order_id` STRING,
  `buyer` STRING,
  `amount` DECIMAL(12, 2),
  `coupon` STRING,
  `pay_time` TIMESTAMP_LTZ(3),
  `status` STRING,
  `rtw$error` STRING,
  `rtw$payload` STRING,
  `rtw$topic` STRING METADATA FROM 'topic' VIRTUAL,
  `rtw$partition` INT METADATA FROM 'partition' VIRTUAL,
  `rtw$offset` BIGINT METADATA FROM 'offset' VIRTUAL,
  `rtw$timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  `rtw$event_time` AS COALESCE(CAST(`pay_time` AS TIMESTAMP_LTZ(3)), CAST(TO_TIMESTAMP_LTZ(0, 3) AS TIMESTAMP_LTZ(3))),
  WATERMARK FOR `rtw$event_time` AS `rtw$event_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'properties.group.id' = 'rtw-orders',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'format' = 'rtw-json',
  'rtw-json.required-fields' = 'order_id;buyer;amount;coupon;pay_time;status',
  'rtw-json.decoding' = '{"pay_time":{"format":"iso-8601","zone":"Asia/Shanghai"}}',
  'rtw-json.payload' = 'always'
);

CREATE TEMPORARY VIEW `orders$read` AS
SELECT *, COALESCE(`rtw$error`, CASE
    WHEN CAST(`order_id` AS STRING) IS NULL THEN 'column ''order_id'' is NOT NULL but NULL from field order_id'
    WHEN CAST(`buyer` AS STRING) IS NULL THEN 'column ''buyer_id'' is NOT NULL but NULL from field buyer'
    WHEN CAST(`amount` AS DECIMAL(12, 2)) IS NULL THEN 'column ''amount'' is NOT NULL but NULL from field amount'
    WHEN (NULLIF(coupon, '')) IS NOT NULL AND TRY_CAST((NULLIF(coupon, '')) AS DECIMAL(12, 2)) IS NULL THEN CONCAT('column ''discount'': CAST(NULLIF(coupon, '''') AS DECIMAL(12, 2)) failed on "', CAST((NULLIF(coupon, '')) AS STRING), '"')
    WHEN (TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) IS NOT NULL AND TRY_CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) IS NULL THEN CONCAT('column ''discount'': TRY_CAST(NULLIF(coupon, '''') AS DECIMAL(12, 2)) gives "', CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS STRING), '", which is not a DECIMAL(12, 2)')
    WHEN CAST(`pay_time` AS TIMESTAMP_LTZ(3)) IS NULL THEN 'column ''pay_time'' is the event time but NULL from field pay_time'
    WHEN `status` IS NOT NULL AND `status` NOT IN ('PAID', 'REFUNDED') THEN CONCAT('field ''status'': "', CAST(`status` AS STRING), '" is not one of PAID, REFUNDED') END) AS `rtw$reason`
FROM `orders$source`;

CREATE TEMPORARY VIEW `orders` AS
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`buyer` AS STRING) AS `buyer_id`,
  CAST(`amount` AS DECIMAL(12, 2)) AS `amount`,
  TRY_CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS `discount`,
  `rtw$event_time` AS `pay_time`,
  CAST(CASE `status` WHEN 'PAID' THEN FALSE WHEN 'REFUNDED' THEN TRUE END AS BOOLEAN) AS `refunded`
FROM `orders$read`
WHERE `rtw$reason` IS NULL
  AND (CURRENT_WATERMARK(`rtw$event_time`) IS NULL OR `rtw$event_time` > CURRENT_WATERMARK(`rtw$event_time`));

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`orders_dead_letter` (
  `payload` STRING,
  `reason` STRING,
  `topic` STRING,
  `partition` INT,
  `offset` BIGINT,
  `record_time` TIMESTAMP_LTZ(3),
  `dt` STRING
) PARTITIONED BY (`dt`);

CREATE TEMPORARY VIEW `orders$dead_letter` AS
SELECT
  `rtw$payload` AS `payload`,
  `rtw$reason` AS `reason`,
  `rtw$topic` AS `topic`,
  `rtw$partition` AS `partition`,
  `rtw$offset` AS `offset`,
  `rtw$timestamp` AS `record_time`,
  DATE_FORMAT(`rtw$timestamp`, 'yyyy-MM-dd') AS `dt`
FROM `orders$read`
WHERE `rtw$reason` IS NOT NULL;

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`orders_late` (
  `order_id` STRING,
  `buyer_id` STRING,
  `amount` DECIMAL(12, 2),
  `discount` DECIMAL(12, 2),
  `pay_time` TIMESTAMP_LTZ(3),
  `refunded` BOOLEAN,
  `topic` STRING,
  `partition` INT,
  `offset` BIGINT,
  `record_time` TIMESTAMP_LTZ(3),
  `watermark` TIMESTAMP_LTZ(3),
  `dt` STRING
) PARTITIONED BY (`dt`);

CREATE TEMPORARY VIEW `orders$late` AS
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`buyer` AS STRING) AS `buyer_id`,
  CAST(`amount` AS DECIMAL(12, 2)) AS `amount`,
  TRY_CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS `discount`,
  CAST(`pay_time` AS TIMESTAMP_LTZ(3)) AS `pay_time`,
  CAST(CASE `status` WHEN 'PAID' THEN FALSE WHEN 'REFUNDED' THEN TRUE END AS BOOLEAN) AS `refunded`,
  `rtw$topic` AS `topic`,
  `rtw$partition` AS `partition`,
  `rtw$offset` AS `offset`,
  `rtw$timestamp` AS `record_time`,
  CAST(CURRENT_WATERMARK(`rtw$event_time`) AS TIMESTAMP_LTZ(3)) AS `watermark`,
  DATE_FORMAT(`rtw$event_time`, 'yyyy-MM-dd') AS `dt`
FROM `orders$read`
WHERE `rtw$reason` IS NULL
  AND `rtw$event_time` <= CURRENT_WATERMARK(`rtw$event_time`);

CREATE TEMPORARY VIEW `orders$archive` AS
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`buyer_id` AS STRING) AS `buyer_id`,
  CAST(`amount` AS DECIMAL(12, 2)) AS `pay_amount`,
  CAST(`discount` AS DECIMAL(12, 2)) AS `discount`,
  CAST((DATE_FORMAT(pay_time, 'yyyy-MM-dd HH:mm:ss.SSS')) AS STRING) AS `pay_time_local`,
  CAST(CASE `refunded` WHEN TRUE THEN 'Y' WHEN FALSE THEN 'N' END AS STRING) AS `refund_flag`,
  CAST((DATE_FORMAT(pay_time, 'yyyyMMdd')) AS STRING) AS `ds`
FROM (
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`buyer` AS STRING) AS `buyer_id`,
  CAST(`amount` AS DECIMAL(12, 2)) AS `amount`,
  TRY_CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS `discount`,
  CAST(`pay_time` AS TIMESTAMP_LTZ(3)) AS `pay_time`,
  CAST(CASE `status` WHEN 'PAID' THEN FALSE WHEN 'REFUNDED' THEN TRUE END AS BOOLEAN) AS `refunded`
FROM `orders$read`
WHERE `rtw$reason` IS NULL
);
