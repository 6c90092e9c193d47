-- expect: 3:54: column gmv of shop_serving is DECIMAL(18, 2), the query gives STRING for it (select item 3); cast it (CAST(... AS DECIMAL(18, 2))) or change the query
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), MAX(status), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
