-- expect: 9:13: no table 'paimon.ads.shop_gvm' to write (did you mean 'paimon.ads.shop_gmv'?); a job writes serving meta-tables (shop_serving) and tables it creates (CREATE TABLE IF NOT EXISTS) or that exist: paimon.ads.gmv_total, paimon.ads.shop_gmv, paimon.dim.shops, paimon.ods.orders
CREATE TABLE IF NOT EXISTS paimon.ads.shop_gmv (
  dt STRING,
  shop_id STRING,
  gmv DECIMAL(18, 2),
  PRIMARY KEY (dt, shop_id) NOT ENFORCED
);

INSERT INTO paimon.ads.shop_gvm
SELECT DATE_FORMAT(pay_time, 'yyyy-MM-dd'), shop_id, SUM(amount)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
