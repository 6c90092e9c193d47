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

CREATE TEMPORARY VIEW `orders$read` AS
SELECT *, CASE
    WHEN CAST(`order_id` AS STRING) IS NULL THEN 'column ''order_id'' is NOT NULL but NULL from field order_id'
    WHEN CAST(`buyer_id` AS STRING) IS NULL THEN 'column ''buyer_id'' is NOT NULL but NULL from field buyer_id'
    WHEN CAST(`pay_amount` AS DECIMAL(12, 2)) IS NULL THEN 'column ''amount'' is NOT NULL but NULL from field pay_amount'
    WHEN (TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS')) IS NOT NULL AND TRY_CAST((TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS')) AS TIMESTAMP_LTZ(3)) IS NULL THEN CONCAT('column ''pay_time'': CAST(TO_TIMESTAMP(pay_time_local, ''yyyy-MM-dd HH:mm:ss.SSS'') AS TIMESTAMP_LTZ(3)) failed on "', CAST((TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS')) AS STRING), '"')
    WHEN (TRY_CAST(TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3))) IS NOT NULL AND TRY_CAST((TRY_CAST(TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3))) AS TIMESTAMP_LTZ(3)) IS NULL THEN CONCAT('column ''pay_time'': TRY_CAST(TO_TIMESTAMP(pay_time_local, ''yyyy-MM-dd HH:mm:ss.SSS'') AS TIMESTAMP_LTZ(3)) gives "', CAST((TRY_CAST(TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3))) AS STRING), '", which is not a TIMESTAMP_LTZ(3)')
    WHEN TRY_CAST((TRY_CAST(TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3))) AS TIMESTAMP_LTZ(3)) IS NULL THEN 'column ''pay_time'' is the event time but NULL from expr CAST(TO_TIMESTAMP(pay_time_local, ''yyyy-MM-dd HH:mm:ss.SSS'') AS TIMESTAMP_LTZ(3))'
    WHEN `refund_flag` IS NOT NULL AND `refund_flag` NOT IN ('Y', 'N') THEN CONCAT('field ''refund_flag'': "', CAST(`refund_flag` AS STRING), '" is not one of Y, N') END AS `rtw$reason`
FROM `paimon`.`ods`.`orders_di`;

CREATE TEMPORARY VIEW `orders` AS
SELECT
  CAST(`order_id` AS STRING) AS `order_id`,
  CAST(`buyer_id` AS STRING) AS `buyer_id`,
  CAST(`pay_amount` AS DECIMAL(12, 2)) AS `amount`,
  CAST(`discount` AS DECIMAL(12, 2)) AS `discount`,
  TRY_CAST((TRY_CAST(TO_TIMESTAMP(pay_time_local, 'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3))) AS TIMESTAMP_LTZ(3)) AS `pay_time`,
  CAST(CASE `refund_flag` WHEN 'Y' THEN TRUE WHEN 'N' THEN FALSE END AS BOOLEAN) AS `refunded`
FROM `orders$read`
WHERE `ds` = '20261121'
  AND `rtw$reason` IS NULL;

CREATE TABLE IF NOT EXISTS `paimon`.`ods`.`orders_di_dead_letter` (
  `payload` STRING NOT NULL,
  `reason` STRING NOT NULL,
  `dt` STRING NOT NULL,
  PRIMARY KEY (`dt`, `reason`, `payload`) NOT ENFORCED
) PARTITIONED BY (`dt`);

CREATE TEMPORARY VIEW `orders$dead_letter` AS
SELECT
  JSON_OBJECT(KEY 'order_id' VALUE `order_id`, KEY 'buyer_id' VALUE `buyer_id`, KEY 'pay_amount' VALUE `pay_amount`, KEY 'discount' VALUE `discount`, KEY 'pay_time_local' VALUE `pay_time_local`, KEY 'refund_flag' VALUE `refund_flag`, KEY 'ds' VALUE `ds` NULL ON NULL) AS `payload`,
  `rtw$reason` AS `reason`,
  '2026-11-21' AS `dt`
FROM `orders$read`
WHERE `ds` = '20261121'
  AND `rtw$reason` IS NOT NULL;
