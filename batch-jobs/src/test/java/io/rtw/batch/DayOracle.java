package io.rtw.batch;

import io.rtw.stream.ExampleDay;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.types.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Plain-Java expected rows of the example job: per channel and '__all__', the cumulative at each minute with events. */
final class DayOracle {

    private DayOracle() {}

    /** Events of the day grouped per channel and for '__all__'. */
    static Map<String, List<ExampleDay.Message>> byKey(List<ExampleDay.Message> events) {
        Map<String, List<ExampleDay.Message>> byKey = new TreeMap<>();
        for (ExampleDay.Message m : events) {
            byKey.computeIfAbsent(m.channel(), k -> new ArrayList<>()).add(m);
            byKey.computeIfAbsent("__all__", k -> new ArrayList<>()).add(m);
        }
        byKey.values().forEach(l -> l.sort(Comparator.comparingLong(ExampleDay.Message::ts)));
        return byKey;
    }

    /**
     * The rows {@code dt, channel, minute_end, pv, uv, uv_hll} of {@code ads.app_uv_minute}, sorted as text: per channel
     * and '__all__', one row for each minute with events, cumulative over the day.
     */
    static List<String> minutes(LocalDate day, ZoneId zone, List<ExampleDay.Message> events) {
        return rows(day, zone, events, Map.of(), true);
    }

    /**
     * The rows {@code dt, channel, minute_end, uv, uv_hll} of {@code ads.app_uv_activity_minute}, sorted as text: as
     * {@link #minutes}, with each key's users of the activity before the day ({@code base}) counted too.
     */
    static List<String> activity(LocalDate day, ZoneId zone, List<ExampleDay.Message> events,
            Map<String, Set<Long>> base) {
        return rows(day, zone, events, base, false);
    }

    /** Per channel and '__all__', its last minute of the day as {@code channel, pv, uv}, in key order. */
    static List<String> last(LocalDate day, ZoneId zone, List<ExampleDay.Message> events) {
        Map<String, String> last = new TreeMap<>();
        for (String row : minutes(day, zone, events)) {
            String[] f = row.substring(3, row.length() - 1).split(", ");
            last.put(f[1], Row.of(f[1], Long.valueOf(f[3]), Long.valueOf(f[4])).toString());
        }
        return new ArrayList<>(last.values());
    }

    private static List<String> rows(LocalDate day, ZoneId zone, List<ExampleDay.Message> events,
            Map<String, Set<Long>> base, boolean withPv) {
        long dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
        List<String> rows = new ArrayList<>();
        byKey(events).forEach((channel, list) -> {
            Set<Long> users = new HashSet<>(base.getOrDefault(channel, Set.of()));
            HllSketch hll = new HllSketch(12);
            users.forEach(hll::update);
            for (int i = 0; i < list.size(); ) {
                long end = dayStart + ((list.get(i).ts() - dayStart) / 60_000 + 1) * 60_000;
                while (i < list.size() && list.get(i).ts() < end) {
                    users.add(list.get(i).userId());
                    hll.update(list.get(i++).userId());
                }
                LocalDateTime minuteEnd = LocalDateTime.ofInstant(Instant.ofEpochMilli(end), zone);
                rows.add((withPv
                        ? Row.of(day.toString(), channel, minuteEnd, (long) i, (long) users.size(), hll.getCompositeEstimate())
                        : Row.of(day.toString(), channel, minuteEnd, (long) users.size(), hll.getCompositeEstimate()))
                        .toString());
            }
        });
        rows.sort(null);
        return rows;
    }


    /** The users of each channel and of '__all__' in {@code events}, added to {@code into}. */
    static Map<String, Set<Long>> users(List<ExampleDay.Message> events, Map<String, Set<Long>> into) {
        byKey(events).forEach((k, l) -> l.forEach(m -> into.computeIfAbsent(k, x -> new HashSet<>()).add(m.userId())));
        return into;
    }
}
