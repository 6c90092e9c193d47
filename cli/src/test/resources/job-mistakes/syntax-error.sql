-- expect: 3:16: syntax error at ","; expected one of "ABS", "ARRAY", "ARRAY_CONCAT_AGG", "AVG", "CARDINALITY", "CASE", "CAST", "CEIL" or 141 more
INSERT INTO shop_serving
SELECT shop_id,, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
