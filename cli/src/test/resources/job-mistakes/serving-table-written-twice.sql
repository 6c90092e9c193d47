-- expect: 7:13: 2 INSERTs write shop_serving, whose sink.rate-limit applies per INSERT, so the store would take up to 2 times the limit; write one INSERT with UNION ALL
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders WHERE status = 'PAID'
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');

INSERT INTO shop_serving
SELECT '__all__', DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders WHERE status = 'PAID'
GROUP BY DATE_FORMAT(pay_time, 'yyyy-MM-dd');
