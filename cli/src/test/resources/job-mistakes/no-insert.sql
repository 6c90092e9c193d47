-- expect: 1:1: no INSERT statement: a job writes tables with INSERT INTO, and this file has nothing to run
CREATE TEMPORARY VIEW paid AS
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd') AS dt, amount FROM orders WHERE status = 'PAID';
