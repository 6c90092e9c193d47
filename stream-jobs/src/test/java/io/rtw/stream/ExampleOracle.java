package io.rtw.stream;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the example warehouse's stream job ({@code sql/jobs/app_uv.sql}) must write for a generated day,
 * computed in plain Java over the generated messages, and the serving rows read back from HBase.
 */
public final class ExampleOracle {

    /** The channels of the serving rows, {@code __all__} included, in Paimon's sort order. */
    static final List<String> CHANNELS = List.of("__all__", "app", "h5", "mini", "web");

    private ExampleOracle() {}

    /** The ids of the messages {@code which} selects, as rows of one column, sorted. */
    public static List<String> ids(List<ExampleDay.Message> messages, java.util.function.Predicate<ExampleDay.Message> which) {
        return messages.stream().filter(which).map(m -> "+I[" + m.eventId() + "]").sorted().toList();
    }

    /** How many messages are of {@code kind}. */
    public static long count(List<ExampleDay.Message> messages, ExampleDay.Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).count();
    }

    /**
     * The rows of {@code ads.app_uv_minute} as {@code dt, channel, minute_end, pv, uv, uv_hll}, sorted: for each
     * channel and for all, every minute in which it had on-time events, with PV and exact UV over the on-time events
     * so far and the estimate of an HLL sketch (lgK 12) built over the same ids.
     */
    public static List<String> minuteRows(List<ExampleDay.Message> messages, LocalDate day, ZoneId zone) {
        List<String> rows = new ArrayList<>();
        lastMinutes(messages, day, zone).values().forEach(rows::addAll);
        rows.sort(null);
        return rows;
    }

    /** Per channel and {@code __all__}, its minute rows in time order (see {@link #minuteRows}). */
    static Map<String, List<String>> lastMinutes(List<ExampleDay.Message> messages, LocalDate day, ZoneId zone) {
        long dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
        Map<String, List<ExampleDay.Message>> byKey = new TreeMap<>();
        messages.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).forEach(m -> {
            byKey.computeIfAbsent(m.channel(), k -> new ArrayList<>()).add(m);
            byKey.computeIfAbsent("__all__", k -> new ArrayList<>()).add(m);
        });
        Map<String, List<String>> rows = new TreeMap<>();
        byKey.forEach((channel, events) -> {
            events.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            Set<Long> users = new HashSet<>();
            HllSketch hll = new HllSketch(12);
            List<String> own = new ArrayList<>();
            for (int i = 0; i < events.size(); ) {
                long minute = (events.get(i).ts() - dayStart) / 60_000;
                long end = dayStart + (minute + 1) * 60_000;
                while (i < events.size() && events.get(i).ts() < end) {
                    users.add(events.get(i).userId());
                    hll.update(events.get(i++).userId());
                }
                own.add(Row.of(day.toString(), channel, LocalDateTime.ofInstant(Instant.ofEpochMilli(end), zone),
                        (long) i, (long) users.size(), hll.getCompositeEstimate()).toString());
            }
            rows.put(channel, own);
        });
        return rows;
    }

    /**
     * What the serving rows of {@code day_uv} hold, one per channel of {@link #CHANNELS}, as {@code channel, pv, uv}:
     * the key's last minute row; for {@code activity_uv} (with no activity before the day), the same UV and no PV.
     */
    public static List<String> lastServed(List<ExampleDay.Message> messages, LocalDate day, ZoneId zone, boolean activity) {
        Map<String, List<String>> minutes = lastMinutes(messages, day, zone);
        return CHANNELS.stream().map(channel -> {
            List<String> own = minutes.get(channel);
            String[] last = own.get(own.size() - 1).replace("+I[", "").replace("]", "").split(", ");
            return Row.of(channel, activity ? null : Long.valueOf(last[3]), Long.valueOf(last[4])).toString();
        }).toList();
    }

    /**
     * The serving rows of {@code metric} for {@code day} in HBase table {@code rtw_uv_serving}, one per channel
     * of {@link #CHANNELS}, as {@code channel, pv, uv} ({@code pv} null where the row has none).
     */
    public static List<String> served(Map<String, String> hbaseClient, String metric, LocalDate day) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        hbaseClient.forEach(conf::set);
        byte[] family = Bytes.toBytes("f");
        List<String> served = new ArrayList<>();
        try (Connection c = ConnectionFactory.createConnection(conf);
                Table t = c.getTable(TableName.valueOf("rtw_uv_serving"))) {
            for (String channel : CHANNELS) {
                Result r = t.get(new Get(Bytes.toBytes(metric + "|" + channel + "|" + day)));
                byte[] pv = r.getValue(family, Bytes.toBytes("pv"));
                byte[] uv = r.getValue(family, Bytes.toBytes("uv"));
                served.add(Row.of(channel, pv == null ? null : Long.parseLong(Bytes.toString(pv)),
                        uv == null ? null : Long.parseLong(Bytes.toString(uv))).toString());
            }
        }
        return served;
    }
}
