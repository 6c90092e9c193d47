-- expect: 3:8: Column 'shop_id' is ambiguous; qualify it with the name or alias of its table
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(o.pay_time, 'yyyy-MM-dd'), SUM(o.amount), COUNT(*)
FROM orders AS o JOIN orders AS r ON o.order_id = r.order_id
GROUP BY o.shop_id, DATE_FORMAT(o.pay_time, 'yyyy-MM-dd');
