-- Payments, amount and payers per channel and day: the same file in both modes.
CREATE DATABASE IF NOT EXISTS paimon.ads;

CREATE TABLE IF NOT EXISTS paimon.ads.payments_day_${mode} (
  dt STRING,
  channel STRING,
  payments BIGINT,
  amount DECIMAL(38, 2),
  payers BIGINT,
  PRIMARY KEY (dt, channel) NOT ENFORCED
) PARTITIONED BY (dt);

INSERT INTO paimon.ads.payments_day_${mode}
SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd'), channel, COUNT(*), SUM(amount), COUNT(DISTINCT user_id)
FROM TABLE(TUMBLE(TABLE payments, DESCRIPTOR(paid_at), INTERVAL '1' DAY))
GROUP BY window_start, window_end, channel;
