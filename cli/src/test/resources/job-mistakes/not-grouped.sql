-- expect: 3:8: Expression 'shop_id' is not being grouped; add it to GROUP BY or aggregate it
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY DATE_FORMAT(pay_time, 'yyyy-MM-dd');
