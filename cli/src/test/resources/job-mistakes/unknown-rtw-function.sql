-- expect: 5:54: unknown function bitmap64_buld (did you mean 'bitmap64_build'?); a job calls Flink's built-in functions and rtw's, which docs/functions.md lists
CREATE TABLE IF NOT EXISTS paimon.ads.shop_buyers (dt STRING, shop_id STRING, buyers BYTES);

INSERT INTO paimon.ads.shop_buyers
SELECT DATE_FORMAT(pay_time, 'yyyy-MM-dd'), shop_id, bitmap64_buld(CAST(order_id AS BIGINT))
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
