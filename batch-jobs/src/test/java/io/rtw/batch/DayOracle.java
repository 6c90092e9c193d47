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

/** Plain-Java expected rows of the example job: per channel and '__all__', the cumulative at every minute end. */
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
     * The rows {@code dt, channel, minute_end, pv, uv, uv_hll} of {@code ads.app_uv_minute} (with {@code base} and
     * {@code basePv} empty) or of the activity table (with the previous cumulative's users and PV per key), sorted
     * as text.
     */
    static List<String> minutes(LocalDate day, ZoneId zone, List<ExampleDay.Message> events,
            Map<String, Set<Long>> base, Map<String, Long> basePv) {
        long dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
        List<String> rows = new ArrayList<>();
        byKey(events).forEach((channel, list) -> {
            int i = 0;
            Set<Long> users = new HashSet<>(base.getOrDefault(channel, Set.of()));
            HllSketch hll = new HllSketch(12);
            users.forEach(hll::update);
            for (long minute = (list.get(0).ts() - dayStart) / 60_000; minute < 1440; minute++) {
                long end = dayStart + (minute + 1) * 60_000;
                while (i < list.size() && list.get(i).ts() < end) {
                    users.add(list.get(i).userId());
                    hll.update(list.get(i++).userId());
                }
                LocalDateTime minuteEnd = LocalDateTime.ofInstant(Instant.ofEpochMilli(end), zone);
                rows.add(Row.of(day.toString(), channel, minuteEnd, basePv.getOrDefault(channel, 0L) + i,
                        (long) users.size(), hll.getCompositeEstimate()).toString());
            }
        });
        rows.sort(null);
        return rows;
    }

    /** The PV (events) of each channel and of '__all__' in {@code events}. */
    static Map<String, Long> pv(List<ExampleDay.Message> events) {
        Map<String, Long> pv = new TreeMap<>();
        byKey(events).forEach((k, l) -> pv.put(k, (long) l.size()));
        return pv;
    }

    /** The users of each channel and of '__all__' in {@code events}, added to {@code into}. */
    static Map<String, Set<Long>> users(List<ExampleDay.Message> events, Map<String, Set<Long>> into) {
        byKey(events).forEach((k, l) -> l.forEach(m -> into.computeIfAbsent(k, x -> new HashSet<>()).add(m.userId())));
        return into;
    }
}
