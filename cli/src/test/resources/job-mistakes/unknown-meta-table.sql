-- expect: 4:6: no table or view 'order_events'; meta-tables: orders, shop_serving; views: none; tables: none
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM order_events
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
