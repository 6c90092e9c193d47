-- expect: 4:6: no table or view 'ordres' (did you mean 'orders'?); meta-tables: orders, shop_serving, shops; views: none; tables: paimon.ads.gmv_total, paimon.ads.shop_gmv, paimon.dim.shops, paimon.ods.orders
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM ordres
GROUP BY shop_id, DATE_FORMAT(pay_time, 'yyyy-MM-dd');
