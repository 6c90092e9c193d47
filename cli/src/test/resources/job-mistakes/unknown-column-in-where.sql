-- expect: 5:65: Column 'stauts' not found in any table (did you mean 'status'?)
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
WHERE DATE_FORMAT(pay_time, 'yyyy-MM-dd') >= '${gmv.start}' AND stauts = 'PAID'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
