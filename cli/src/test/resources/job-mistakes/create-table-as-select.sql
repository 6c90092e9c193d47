-- expect: 2:1: CREATE TABLE ... AS SELECT runs a job of its own each time the file starts: create the table with CREATE TABLE IF NOT EXISTS and write it with INSERT INTO
CREATE TABLE paimon.ads.paid_orders AS SELECT order_id, shop_id, amount FROM orders WHERE status = 'PAID';

INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
