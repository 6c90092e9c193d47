-- expect: 3:8: Column 'shopid' not found in any table (did you mean 'shop_id'?)
INSERT INTO shop_serving
SELECT shopid, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
