-- expect: 6:7: Column 'amount_cents' not found in any table; the tables here have order_id, shop_id, amount, status, pay_time (in batch mode)
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
--#if mode == batch
WHERE amount_cents > 0
--#end
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
