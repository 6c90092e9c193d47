-- expect: 3:65: view paid is used before it is defined (line 5): define a view above the statements that read it
CREATE TEMPORARY VIEW shop_day AS
SELECT shop_id, dt, SUM(amount) AS gmv, COUNT(*) AS orders FROM paid GROUP BY shop_id, dt;

CREATE TEMPORARY VIEW paid AS
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd') AS dt, amount FROM orders WHERE status = 'PAID';

INSERT INTO shop_serving SELECT shop_id, dt, gmv, orders FROM shop_day;
