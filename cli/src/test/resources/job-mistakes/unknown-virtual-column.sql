-- expect: 5:7: virtual(orders.paid): meta-table orders has no column 'paid'
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
WHERE ${virtual:orders.paid} OR status = 'PAID'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
