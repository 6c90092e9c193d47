-- Benchmark baseline (A2): read and parse the same topic (the compiled app_events view: JSON parse,
-- required fields, event time, watermark filter) into a blackhole sink.
CREATE TEMPORARY TABLE bench_passthrough (
  event_id STRING,
  user_id BIGINT,
  event_type STRING,
  channel STRING,
  event_time TIMESTAMP_LTZ(3),
  new_user BOOLEAN,
  pv BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO bench_passthrough SELECT * FROM app_events;
