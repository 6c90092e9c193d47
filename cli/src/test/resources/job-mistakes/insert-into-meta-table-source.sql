-- expect: 2:13: orders is a meta-table read from its sources and cannot be written; a job writes serving meta-tables (shop_serving) and tables it creates (CREATE TABLE IF NOT EXISTS)
INSERT INTO orders
SELECT order_id, shop_id, amount, 'REFUNDED', pay_time FROM orders WHERE status = 'PAID';
