-- expect: 2:13: shop_serving has 4 columns (shop_id STRING, dt STRING, gmv DECIMAL(18, 2), orders BIGINT), the query gives 3 (shop_id STRING, EXPR$1 STRING, EXPR$2 DECIMAL(38, 2)); give one value per column, in order
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
