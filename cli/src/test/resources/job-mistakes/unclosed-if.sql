-- expect: 5:1: --#if without a matching --#end: close the block with a --#end line
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
--#if mode == batch
WHERE status = 'PAID'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
