-- Orders, refunds, GMV, discounts and buyers per minute of pay time: the same file in both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.order_gmv_minute_${mode} (
  dt STRING,
  minute_start TIMESTAMP(3),
  orders BIGINT,
  refunds BIGINT,
  gmv DECIMAL(38, 2),
  discount DECIMAL(38, 2),
  buyers BIGINT,
  PRIMARY KEY (dt, minute_start) NOT ENFORCED
) PARTITIONED BY (dt);

INSERT INTO paimon.ads.order_gmv_minute_${mode}
SELECT
  DATE_FORMAT(window_start, 'yyyy-MM-dd'),
  window_start,
  COUNT(*),
  SUM(CASE WHEN refunded THEN 1 ELSE 0 END),
  SUM(CASE WHEN refunded THEN 0 ELSE amount END),
  SUM(discount),
  COUNT(DISTINCT buyer_id)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(pay_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
