-- expect: 4:33: The window function TUMBLE(TABLE table_name, DESCRIPTOR(timecol), datetime interval[, datetime interval]) requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is VARCHAR(2147483647). Besides, the timecol must be a time attribute type in streaming mode.
INSERT INTO shop_serving
SELECT shop_id, DATE_FORMAT(window_start, 'yyyy-MM-dd'), SUM(amount), COUNT(*)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(status), INTERVAL '1' DAY))
GROUP BY shop_id, window_start, window_end;
