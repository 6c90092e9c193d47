-- expect: 5:1: unknown directive --#iff; directives are --#if, --#elif, --#else, --#end and --#require
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
--#iff mode == batch
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
