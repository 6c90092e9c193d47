-- expect: 5:19: Cannot apply 'DATE_FORMAT' to arguments of type 'DATE_FORMAT(<DECIMAL(12, 2)>, <CHAR(10)>)'. Supported form(s): 'DATE_FORMAT(<TIMESTAMP>, <CHARACTER>)' 'DATE_FORMAT(<CHARACTER>, <CHARACTER>)'
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(amount, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(amount, 'yyyy-MM-dd');
