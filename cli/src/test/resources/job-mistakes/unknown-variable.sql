-- expect: 5:47: undefined variable 'gmv.strat' (did you mean 'gmv.start'?); define it with --var gmv.strat=... or in a profile
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
WHERE DATE_FORMAT(pay_time, 'yyyy-MM-dd') >= '${gmv.strat}'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
