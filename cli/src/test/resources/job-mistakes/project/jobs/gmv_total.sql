-- GMV of all shops per day, from the per-shop table that shop_gmv.sql creates.
CREATE TABLE IF NOT EXISTS paimon.ads.gmv_total (
  dt STRING,
  gmv DECIMAL(38, 2),
  PRIMARY KEY (dt) NOT ENFORCED
);

INSERT INTO paimon.ads.gmv_total
SELECT dt, SUM(gmv) FROM paimon.ads.shop_gmv GROUP BY dt;
