-- expect: 3:1: a --#require query must return one BOOLEAN column (TRUE lets a batch run go on); this one returns (EXPR$0 BIGINT NOT NULL)
--#require orders of the day before are archived
SELECT COUNT(*) FROM orders WHERE DATE_FORMAT(pay_time, 'yyyy-MM-dd') = '${bizdate - 1d}';

INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
