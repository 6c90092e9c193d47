-- expect: 2:1: a query in a job file must be a precondition: put a line --#require MESSAGE before it (a batch run goes on only when it returns TRUE), or run it with rtw query
SELECT shop_id, SUM(amount) FROM orders GROUP BY shop_id;

INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
