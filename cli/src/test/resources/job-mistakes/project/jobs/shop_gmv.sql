-- GMV and orders per shop, per day so far, to Paimon and to the serving store.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.shop_gmv (
  dt STRING,
  shop_id STRING,
  gmv DECIMAL(18, 2),
  orders BIGINT,
  PRIMARY KEY (dt, shop_id) NOT ENFORCED
) PARTITIONED BY (dt);

CREATE TEMPORARY VIEW paid AS
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd') AS dt, amount
FROM orders
WHERE status = 'PAID' AND DATE_FORMAT(pay_time, 'yyyy-MM-dd') >= '${gmv.start}';

INSERT INTO paimon.ads.shop_gmv
SELECT dt, shop_id, SUM(amount), COUNT(*) FROM paid GROUP BY dt, shop_id;

INSERT INTO shop_serving
SELECT shop_id, dt, SUM(amount), COUNT(*) FROM paid GROUP BY shop_id, dt;
