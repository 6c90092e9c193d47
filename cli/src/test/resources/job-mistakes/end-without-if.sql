-- expect: 6:1: --#end without an --#if before it: --#elif, --#else and --#end continue or close the nearest open --#if
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
--#end
