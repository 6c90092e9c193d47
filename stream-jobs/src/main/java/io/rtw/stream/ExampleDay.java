package io.rtw.stream;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates one business day of the example warehouse's {@code app_events} messages, deterministically
 * from a seed: a skewed user population (a few heavy users), events in every part of the day including
 * its first and last minutes, disorder within the watermark delay, and, on request, malformed and late
 * messages. Each message says what it is, so tests and the demo know what to expect without re-parsing.
 */
public final class ExampleDay {

    /** What a generated message is meant to be. */
    public enum Kind { VALID, LATE, MALFORMED }

    /** One Kafka message value and what it is; {@code ts} is the event time in epoch millis (0 if malformed). */
    public record Message(String json, Kind kind, String eventId, long userId, String channel, long ts, boolean newUser) {}

    /** What to generate. */
    public record Spec(LocalDate day, ZoneId zone, int events, int users, int malformed, int late, long seed) {}

    private static final String[] CHANNELS = {"app", "web", "mini", "h5"};
    private static final String[] TYPES = {"view", "view", "view", "click", "share"};

    private ExampleDay() {}

    /** The messages in production order. */
    public static List<Message> generate(Spec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        long start = spec.day().atStartOfDay(spec.zone()).toInstant().toEpochMilli();
        long dayMillis = 86_400_000L;
        List<Message> out = new ArrayList<>(spec.events() + spec.malformed() + spec.late());
        // Valid events spread over the day in order, with up to 3 s of disorder (inside the 5 s watermark delay).
        long[] times = new long[spec.events()];
        for (int i = 0; i < times.length; i++) {
            times[i] = start + (long) ((double) i / times.length * dayMillis);
        }
        times[0] = start;                                 // the first millisecond of the day
        times[times.length - 1] = start + dayMillis - 1;  // the last millisecond of the day
        for (int i = 0; i < times.length; i++) {
            long ts = Math.min(start + dayMillis - 1, Math.max(start, times[i] + (i == 0 || i == times.length - 1 ? 0
                    : rnd.nextLong(0, 3_000))));
            long user = user(rnd, spec.users());
            String channel = CHANNELS[(int) (user % CHANNELS.length + rnd.nextInt(2)) % CHANNELS.length];
            boolean isNew = user % 10 == 0;
            String id = String.format(Locale.ROOT, "%s-%07d", spec.day(), i);
            out.add(new Message(json(id, user, TYPES[rnd.nextInt(TYPES.length)], channel, ts, isNew), Kind.VALID, id,
                    user, channel, ts, isNew));
        }
        // Late events: produced in the last third of the day's messages but stamped in its first quarter, hours
        // behind every partition's watermark whatever the order partitions are read in.
        int valid = out.size();
        for (int i = 0; i < spec.late(); i++) {
            int at = (int) (valid * 0.65 + (long) i * valid * 0.3 / Math.max(1, spec.late()));
            long ts = start + rnd.nextLong(0, dayMillis / 4);
            long user = user(rnd, spec.users());
            String id = String.format(Locale.ROOT, "%s-late-%04d", spec.day(), i);
            String channel = CHANNELS[rnd.nextInt(CHANNELS.length)];
            out.add(at, new Message(json(id, user, "view", channel, ts, false), Kind.LATE, id, user, channel, ts, false));
        }
        // Malformed messages of every kind, spread out.
        for (int i = 0; i < spec.malformed(); i++) {
            int at = rnd.nextInt(1, out.size());
            String id = String.format(Locale.ROOT, "%s-bad-%04d", spec.day(), i);
            String json = switch (i % 4) {
                case 0 -> "{\"event_id\":\"" + id + "\",\"user_id\":";                      // truncated
                case 1 -> "{\"event_id\":\"" + id + "\",\"event_type\":\"view\",\"channel\":\"app\",\"ts\":" + start
                        + ",\"new_user\":0}";                                                // no user_id
                case 2 -> "{\"event_id\":\"" + id + "\",\"user_id\":\"u-12\",\"event_type\":\"view\",\"channel\":"
                        + "\"app\",\"ts\":" + start + ",\"new_user\":0}";                    // garbled user_id
                default -> "not json at all: " + id;
            };
            out.add(at, new Message(json, Kind.MALFORMED, id, 0, null, 0, false));
        }
        return out;
    }

    /** A skewed user id: a tenth of the draws go to 20 heavy users. */
    private static long user(SplittableRandom rnd, int users) {
        return rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(Math.min(20, users)) : 1 + rnd.nextInt(users);
    }

    private static String json(String id, long user, String type, String channel, long ts, boolean isNew) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":" + user + ",\"event_type\":\"" + type + "\",\"channel\":\""
                + channel + "\",\"ts\":" + ts + ",\"new_user\":" + (isNew ? 1 : 0) + "}";
    }
}
