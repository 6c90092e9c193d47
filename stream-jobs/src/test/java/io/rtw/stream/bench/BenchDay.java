package io.rtw.stream.bench;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The scale and freshness benchmarks' events of {@code app_events} (sql/meta/app_events.yaml's JSON fields), generated
 * as they are read so a day of any size streams to Kafka without being held in memory. Users: a tenth of the events
 * go to 20 heavy users, the rest uniformly to users 1..N (as {@link io.rtw.stream.ExampleDay}); the id is the number
 * {@code n} (BIGINT) or the string {@code "u_" + n} (STRING). Keys ({@code channel}): {@code ch0001...}, uniform or
 * Zipf-distributed (the key of rank r drawn with weight 1/r^s). A day spreads its valid events evenly over the
 * day with up to 3 s of disorder, and carries one malformed message per 2,500 events and one late message (stamped
 * in the day's first quarter, sent in its last third) per 1,500, as bench/jobs.sh's days do.
 */
final class BenchDay {

    /**
     * What to generate.
     *
     * @param events valid events (of the day, or of a freshness run)
     * @param users distinct user numbers drawn from
     * @param keys distinct channel values
     * @param keySkew Zipf exponent of the channel distribution; 0 for uniform
     * @param stringIds user ids as {@code "u_" + n} strings instead of numbers
     * @param seed the random seed
     */
    record Shape(long events, int users, int keys, double keySkew, boolean stringIds, long seed) {

        String describe() {
            return String.format(Locale.ROOT, "events=%d users=%d keys=%d key_skew=%s ids=%s seed=%d", events, users,
                    keys, keySkew, stringIds ? "string" : "bigint", seed);
        }
    }

    /** What a generated day held. */
    static final class Counts {
        long messages;
        long valid;
        long malformed;
        long late;
        final BitSet users = new BitSet();
        long[] perKey;
    }

    private static final String[] TYPES = {"view", "view", "view", "click", "share"};
    private static final long DAY_MILLIS = 86_400_000L;

    private final Shape shape;
    private final String[] keys;
    private final double[] cdf;
    private final SplittableRandom rnd;

    BenchDay(Shape shape) {
        if (shape.users() < 1 || shape.keys() < 1 || shape.events() < 1) {
            throw new IllegalArgumentException("events, users and keys must be at least 1: " + shape.describe());
        }
        this.shape = shape;
        this.rnd = new SplittableRandom(shape.seed());
        int width = Math.max(4, String.valueOf(shape.keys()).length());
        this.keys = new String[shape.keys()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = String.format(Locale.ROOT, "ch%0" + width + "d", i + 1);
        }
        if (shape.keySkew() > 0) {
            cdf = new double[keys.length];
            double sum = 0;
            for (int r = 1; r <= keys.length; r++) {
                sum += 1 / Math.pow(r, shape.keySkew());
                cdf[r - 1] = sum;
            }
            for (int i = 0; i < cdf.length; i++) {
                cdf[i] /= sum;
            }
        } else {
            cdf = null;
        }
    }

    String[] keys() {
        return keys.clone();
    }

    int drawKey() {
        if (cdf == null) {
            return rnd.nextInt(keys.length);
        }
        int i = Arrays.binarySearch(cdf, rnd.nextDouble());
        return Math.min(keys.length - 1, i >= 0 ? i : -i - 1);
    }

    long drawUser() {
        return rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(Math.min(20, shape.users())) : 1 + rnd.nextInt(shape.users());
    }

    /** One valid event's JSON, of key index {@code key}, stamped {@code ts}; counted in {@code counts}. */
    String event(String id, long user, int key, long ts, Counts counts) {
        counts.messages++;
        counts.valid++;
        counts.users.set((int) user);
        if (counts.perKey == null) {
            counts.perKey = new long[keys.length];
        }
        counts.perKey[key]++;
        return json(id, user, TYPES[rnd.nextInt(TYPES.length)], keys[key], ts, user % 10 == 0);
    }

    private String json(String id, long user, String type, String key, long ts, boolean isNew) {
        String userJson = shape.stringIds() ? "\"u_" + user + "\"" : Long.toString(user);
        return "{\"event_id\":\"" + id + "\",\"user_id\":" + userJson + ",\"event_type\":\"" + type
                + "\",\"channel\":\"" + key + "\",\"ts\":" + ts + ",\"new_user\":" + (isNew ? 1 : 0) + "}";
    }

    /** The messages of {@code day}, generated while they are read (one pass). */
    Iterable<String> day(LocalDate day, ZoneId zone, Counts counts) {
        long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long events = shape.events();
        long malformedEvery = Math.max(1, 2500);
        long lateFrom = (long) (events * 0.65);
        long lateTo = (long) (events * 0.95);
        long lateEvery = 450; // 1,500 per 10^6 events over 30% of them: one per 1,500 events
        return () -> new Iterator<>() {
            private final ArrayDeque<String> pending = new ArrayDeque<>();
            private long i;

            @Override
            public boolean hasNext() {
                return !pending.isEmpty() || i < events;
            }

            @Override
            public String next() {
                if (pending.isEmpty()) {
                    if (i >= events) {
                        throw new NoSuchElementException();
                    }
                    fill();
                }
                return pending.poll();
            }

            private void fill() {
                long base = start + (long) ((double) i / events * DAY_MILLIS);
                long ts = i == 0 ? start : i == events - 1 ? start + DAY_MILLIS - 1
                        : Math.min(start + DAY_MILLIS - 1, base + rnd.nextLong(0, 3_000));
                String id = String.format(Locale.ROOT, "%s-%09d", day, i);
                pending.add(event(id, drawUser(), drawKey(), ts, counts));
                if (i >= lateFrom && i < lateTo && (i - lateFrom) % lateEvery == 0) {
                    String lateId = String.format(Locale.ROOT, "%s-late-%09d", day, i);
                    pending.add(json(lateId, drawUser(), "view", keys[drawKey()], start + rnd.nextLong(0,
                            DAY_MILLIS / 4), false));
                    counts.messages++;
                    counts.late++;
                }
                if (i % malformedEvery == malformedEvery / 2) {
                    String badId = String.format(Locale.ROOT, "%s-bad-%09d", day, i);
                    pending.add(switch ((int) (i / malformedEvery % 3)) {
                        case 0 -> "{\"event_id\":\"" + badId + "\",\"user_id\":";             // truncated
                        case 1 -> "{\"event_id\":\"" + badId + "\",\"event_type\":\"view\",\"channel\":\"" + keys[0]
                                + "\",\"ts\":" + start + ",\"new_user\":0}";                  // no user_id
                        default -> "not json at all: " + badId;
                    });
                    counts.messages++;
                    counts.malformed++;
                }
                i++;
            }
        };
    }
}
