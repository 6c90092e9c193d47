-- expect: 4:14: environment variable RTW_CORPUS_UNSET_TOKEN is not set; a $${env:...} reference takes its value from the environment rtw runs in
CREATE TEMPORARY TABLE audit (shop_id STRING, gmv DECIMAL(18, 2)) WITH (
  'connector' = 'blackhole',
  'token' = '${env:RTW_CORPUS_UNSET_TOKEN}'
);

INSERT INTO audit SELECT shop_id, amount FROM orders;
