-- expect: 3:17: unknown function DATE_FROMAT (did you mean 'DATE_FORMAT'?); a job calls Flink's built-in functions and rtw's, which docs/functions.md lists
INSERT INTO shop_serving
SELECT shop_id, DATE_FROMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
