-- expect: 5:46: cannot read $${bizdate - x}; write $${name}, $${name - 1d} or $${name | yyyyMMdd} (a whole number of d, w or month added or taken, then an optional date pattern)
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
WHERE DATE_FORMAT(pay_time, 'yyyy-MM-dd') = '${bizdate - x}'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
