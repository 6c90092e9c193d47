-- expect: 2:1: DROP TABLE is not a statement a job runs: a job file runs CREATE (tables, views, databases, catalogs, functions), SET, USE and INSERT statements, and --#require queries, each time it starts; run it once with rtw query
DROP TABLE IF EXISTS paimon.ads.shop_gmv;

INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM orders
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
