-- expect: 5:1: a statement starts here, but the one before it has not ended: end every statement with ;
CREATE TEMPORARY VIEW paid AS
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd') AS dt, amount FROM orders WHERE status = 'PAID'

INSERT INTO shop_serving
SELECT shop_id, dt, SUM(amount), COUNT(*) FROM paid GROUP BY shop_id, dt;
