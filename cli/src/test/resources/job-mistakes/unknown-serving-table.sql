-- expect: 2:13: no table 'shops_serving' to write (did you mean 'shop_serving'?); a job writes serving meta-tables (shop_serving) and tables it creates (CREATE TABLE IF NOT EXISTS) or that exist: paimon.ads.gmv_total, paimon.ads.shop_gmv, paimon.dim.shops, paimon.ods.orders
INSERT INTO shops_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
