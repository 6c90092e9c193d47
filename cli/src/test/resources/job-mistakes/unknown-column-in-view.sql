-- expect: 3:8: Column 'shop' not found in any table; the tables here have order_id, shop_id, amount, status, pay_time
CREATE TEMPORARY VIEW paid AS
SELECT shop, DATE_FORMAT(pay_time, 'yyyy-MM-dd') AS dt, amount
FROM orders
WHERE status = 'PAID';

INSERT INTO shop_serving
SELECT shop_id, dt, SUM(amount), COUNT(*) FROM paid GROUP BY shop_id, dt;
