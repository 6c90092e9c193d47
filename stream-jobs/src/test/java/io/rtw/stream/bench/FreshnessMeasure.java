package io.rtw.stream.bench;

import io.rtw.meta.Project;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.paimon.Snapshot;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataTypeRoot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** One freshness measurement (FreshnessBench measure): producer, HBase poller and Paimon walker, then the delays. */
final class FreshnessMeasure {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TEXT_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter();

    private final BenchArgs a;
    private final Project project;
    private final ZoneId zone;
    private final String keyColumn;
    private final String timeColumn;
    private final Path out;
    private volatile boolean stop;
    /** HBase: row key -> time value (epoch ms) -> first time a scan returned it. */
    private final Map<String, TreeMap<Long, Long>> hbaseSeen = new HashMap<>();
    /** Paimon: table -> key -> time value -> commit time of the first snapshot holding it. */
    private final Map<String, Map<String, TreeMap<Long, Long>>> paimonSeen = new HashMap<>();
    private final List<String> snapshotLog = new ArrayList<>();
    private long hbasePolls;
    private long hbasePollMillis;

    FreshnessMeasure(BenchArgs a) {
        this.a = a;
        this.project = BenchProject.load(Path.of(a.get("project")), a.vars(), Path.of(a.get("home")));
        this.zone = project.timeZone();
        this.keyColumn = a.get("key-column", "channel");
        this.timeColumn = a.get("time-column", "minute_end");
        this.out = Path.of(a.get("out"));
    }

    void run() throws Exception {
        Files.createDirectories(out);
        awaitRunning(Integer.parseInt(a.get("rest-port")), Duration.ofMinutes(5),
                ProcessHandle.of(a.getLong("job-pid", ProcessHandle.current().pid())).orElseThrow());
        Duration delay = project.tables().stream().flatMap(t -> t.eventTime().stream())
                .map(io.rtw.meta.EventTime::watermarkDelay).findFirst().orElse(Duration.ZERO);
        List<BenchProject.KvTable> kv = BenchProject.hbaseTables(project);
        Thread hb = daemon("bench-hbase-poller", () -> pollHBase(kv));
        Thread pm = daemon("bench-paimon-walker", this::walkPaimon);
        hb.start();
        pm.start();

        // The events: wall-clock pace, stamped now, over whole minutes plus the watermark delay and 2 s.
        BenchDay.Shape shape = new BenchDay.Shape(1, (int) a.getLong("users", 3_000_000),
                (int) a.getLong("keys", 1000), a.getDouble("key-skew", 1.1), a.get("ids", "bigint").equals("string"),
                a.getLong("seed", 20261207L));
        BenchDay gen = new BenchDay(shape);
        String[] keys = gen.keys();
        double rate = a.getDouble("rate", 2000);
        long t0 = System.currentTimeMillis();
        long firstMinute = Math.floorDiv(t0 + 59_999, 60_000);      // the first whole minute's index
        long lastMinute = firstMinute + a.getLong("minutes", 12);     // exclusive
        long t1 = lastMinute * 60_000 + delay.toMillis() + 2_000;
        int measured = (int) (lastMinute - firstMinute);
        // The first whole minutes carry the job's warm-up in a fresh JVM (class loading, the JIT compiler).
        int skip = (int) a.getLong("skip-minutes", 1);
        if (skip < 0 || skip >= measured) {
            throw new IllegalArgumentException("--skip-minutes must be at least 0 and below --minutes, got " + skip);
        }
        BitSet[] perKey = new BitSet[keys.length];
        for (int i = 0; i < keys.length; i++) {
            perKey[i] = new BitSet(measured);
        }
        BenchDay.Counts counts = new BenchDay.Counts();
        System.err.printf(Locale.ROOT, "producing %.0f events/s from %s to %s (%d whole minutes measured from %s)%n",
                rate, Instant.ofEpochMilli(t0), Instant.ofEpochMilli(t1), measured,
                Instant.ofEpochMilli(firstMinute * 60_000));
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(a.get("bootstrap"))) {
            String topic = a.get("topic");
            for (long now = System.currentTimeMillis(); now < t1; now = System.currentTimeMillis()) {
                long due = (long) ((now - t0) * rate / 1000.0);
                for (; sent < due; sent++) {
                    int k = gen.drawKey();
                    long minute = Math.floorDiv(now, 60_000);
                    if (minute >= firstMinute && minute < lastMinute) {
                        perKey[k].set((int) (minute - firstMinute));
                    }
                    String json = gen.event("f-" + t0 + "-" + sent, gen.drawUser(), k, now, counts);
                    producer.send(new ProducerRecord<>(topic, Long.toString(sent).getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)));
                }
                Thread.sleep(5);
            }
            producer.flush();
        }
        System.err.printf(Locale.ROOT, "sent %d events (%d distinct users); draining%n", sent,
                counts.users.cardinality());

        // Until every measured (row, minute) is readable in both sinks, or the drain time is up.
        long drainUntil = System.currentTimeMillis() + 1000 * a.getLong("drain-s", 180);
        Map<String, BitSet> expected = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            perKey[i].clear(0, skip);
            expected.put(keys[i], perKey[i]);
        }
        BitSet all = new BitSet();
        all.set(skip, measured);
        expected.put("__all__", all);
        while (System.currentTimeMillis() < drainUntil && !complete(expected, firstMinute)) {
            Thread.sleep(1000);
        }
        stop = true;
        hb.join(10_000);
        pm.join(60_000);
        report(expected, firstMinute, measured - skip, skip, delay, sent, t0, t1);
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p);
    }

    /** Waits until the job's every task runs (REST), so the first events are read as they are sent. */
    private static void awaitRunning(int port, Duration timeout, ProcessHandle jobJvm) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!jobJvm.isAlive()) {
                throw new IllegalStateException("the job's JVM (pid " + jobJvm.pid() + ") has exited: see its log");
            }
            try {
                for (JsonNode j : get(http, port, "/jobs/overview").path("jobs")) {
                    JsonNode job = get(http, port, "/jobs/" + j.path("jid").asText());
                    boolean running = job.path("state").asText().equals("RUNNING");
                    for (JsonNode v : job.path("vertices")) {
                        running &= v.path("status").asText().equals("RUNNING");
                    }
                    if (running) {
                        System.err.println("job " + j.path("jid").asText() + " runs");
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the job did not run within " + timeout.toSeconds() + " s");
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void pollHBase(List<BenchProject.KvTable> tables) {
        Map<String, HBaseWatch> clients = new HashMap<>();
        try {
            long period = a.getLong("poll-ms", 200);
            while (!stop) {
                long start = System.currentTimeMillis();
                for (BenchProject.KvTable t : tables) {
                    try {
                        HBaseWatch h = clients.get(t.quorum());
                        if (h == null) {
                            h = new HBaseWatch(t.quorum());
                            clients.put(t.quorum(), h);
                        }
                        Map<String, String> values = h.column(t.hbaseTable(), t.family(), timeColumn);
                        long seen = System.currentTimeMillis();
                        synchronized (this) {
                            values.forEach((row, text) -> hbaseSeen.computeIfAbsent(t.hbaseTable() + "/" + row,
                                    k -> new TreeMap<>()).putIfAbsent(textMillis(text), seen));
                        }
                    } catch (Exception e) {
                        System.err.println("HBase poll failed: " + e);
                    }
                }
                long took = System.currentTimeMillis() - start;
                hbasePolls++;
                hbasePollMillis += took;
                Thread.sleep(Math.max(0, period - took));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.values().forEach(h -> {
                try {
                    h.close();
                } catch (Exception ignored) {
                    // closing after the measurement
                }
            });
        }
    }

    /** A TIMESTAMP as the connector stores it ({@code yyyy-MM-dd HH:mm:ss[.f]} in the zone) or ISO UTC. */
    private long textMillis(String text) {
        if (text.endsWith("Z")) {
            return Instant.parse(text).toEpochMilli();
        }
        return LocalDateTime.parse(text, TEXT_TIMESTAMP).atZone(zone).toInstant().toEpochMilli();
    }

    private void walkPaimon() {
        List<String> side = BenchProject.sideTables(project);
        Map<String, PaimonWatch.Totals> walked = new HashMap<>();
        try (PaimonWatch w = new PaimonWatch(project.variables().get("warehouse").orElseThrow())) {
            boolean last = false;
            while (!last) {
                last = stop;
                for (String name : w.tables()) {
                    if (side.contains("paimon." + name)) {
                        continue;
                    }
                    FileStoreTable t = w.table(name);
                    int key = t.rowType().getFieldIndex(keyColumn);
                    int time = t.rowType().getFieldIndex(timeColumn);
                    if (key < 0 || time < 0) {
                        continue;
                    }
                    PaimonWatch.Totals tt = walked.computeIfAbsent(name, k -> new PaimonWatch.Totals());
                    PaimonWatch.forNewSnapshots(t, tt, s -> {
                        if (s.commitKind() != Snapshot.CommitKind.COMPACT) {
                            readSnapshot(name, t, s, key, time);
                        }
                    });
                }
                if (!last) {
                    Thread.sleep(1000);
                }
            }
            walked.forEach((name, tt) -> {
                if (tt.missedSnapshots > 0) {
                    System.err.println("Paimon " + name + ": " + tt.missedSnapshots + " snapshots expired before "
                            + "they were read; their minutes count as readable at the next snapshot");
                }
            });
        } catch (Exception e) {
            System.err.println("Paimon walk failed: " + e);
        }
    }

    private void readSnapshot(String name, FileStoreTable t, Snapshot s, int key, int time) {
        FileStoreTable at = t.copy(Map.of("scan.snapshot-id", String.valueOf(s.id())));
        ReadBuilder rb = at.newReadBuilder().withProjection(new int[] {key, time});
        boolean ltz = t.rowType().getTypeAt(time).getTypeRoot() == DataTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        Map<String, Long> newest = new HashMap<>();
        try (RecordReader<InternalRow> reader = rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> {
                if (row.isNullAt(0) || row.isNullAt(1)) {
                    return;
                }
                var ts = row.getTimestamp(1, 3);
                long millis = ltz ? ts.getMillisecond() : ts.toLocalDateTime().atZone(zone).toInstant()
                        .toEpochMilli();
                newest.merge(row.getString(0).toString(), millis, Math::max);
            });
        } catch (Exception e) {
            throw new IllegalStateException("reading " + name + " at snapshot " + s.id() + ": " + e, e);
        }
        synchronized (this) {
            Map<String, TreeMap<Long, Long>> perKey = paimonSeen.computeIfAbsent(name, k -> new HashMap<>());
            newest.forEach((k, v) -> perKey.computeIfAbsent(k, x -> new TreeMap<>()).putIfAbsent(v,
                    s.timeMillis()));
        }
        synchronized (snapshotLog) {
            snapshotLog.add(name + "," + s.id() + "," + s.commitKind() + "," + s.timeMillis() + "," + newest.size());
        }
    }

    /** The first time a value at or after {@code minuteEnd} was seen, or -1. */
    private static long firstAtOrAfter(TreeMap<Long, Long> seen, long minuteEnd) {
        if (seen == null) {
            return -1;
        }
        long first = -1;
        for (long t : seen.tailMap(minuteEnd, true).values()) {
            first = first < 0 ? t : Math.min(first, t);
        }
        return first;
    }

    /** Which key an HBase row stands for: the part of its row key in the key column's position. */
    private String rowKeyPart(BenchProject.KvTable t, String row) {
        int i = t.primaryKey().indexOf(keyColumn);
        String[] parts = row.split(Pattern.quote("|"), -1);
        return i >= 0 && i < parts.length ? parts[i] : null;
    }

    private String rowGroup(BenchProject.KvTable t, String row) {
        int i = t.primaryKey().indexOf(keyColumn);
        String[] parts = row.split(Pattern.quote("|"), -1);
        if (i >= 0 && i < parts.length) {
            parts[i] = "*";
        }
        return t.hbaseTable() + "/" + String.join("|", parts);
    }

    private synchronized boolean complete(Map<String, BitSet> expected, long firstMinute) {
        return delays(expected, firstMinute, null).values().stream().allMatch(d -> d.missing == 0)
                && !paimonSeen.isEmpty() && !hbaseSeen.isEmpty();
    }

    /** Delays per sink part: HBase row groups and Paimon tables. */
    static final class Delays {
        final List<Long> millis = new ArrayList<>();
        long missing;
    }

    /** The pollers' threads add to the maps this reads: both sides hold the measurement's lock. */
    private synchronized Map<String, Delays> delays(Map<String, BitSet> expected, long firstMinute,
            List<String> raw) {
        Map<String, Delays> out = new TreeMap<>();
        for (BenchProject.KvTable t : BenchProject.hbaseTables(project)) {
            String prefix = t.hbaseTable() + "/";
            for (Map.Entry<String, TreeMap<Long, Long>> e : hbaseSeen.entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                String row = e.getKey().substring(prefix.length());
                BitSet minutes = expected.get(rowKeyPart(t, row));
                if (minutes == null) {
                    continue;
                }
                add(out.computeIfAbsent("hbase " + rowGroup(t, row), k -> new Delays()), "hbase", row,
                        e.getValue(), minutes, firstMinute, raw);
            }
        }
        paimonSeen.forEach((table, keys) -> expected.forEach((key, minutes) -> add(out.computeIfAbsent(
                "paimon " + table, k -> new Delays()), "paimon " + table, key, keys.get(key), minutes,
                firstMinute, raw)));
        return out;
    }

    private static void add(Delays d, String sink, String row, TreeMap<Long, Long> seen, BitSet minutes,
            long firstMinute, List<String> raw) {
        for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
            long end = (firstMinute + m + 1) * 60_000;
            long first = firstAtOrAfter(seen, end);
            if (first < 0) {
                d.missing++;
            } else {
                d.millis.add(first - end);
            }
            if (raw != null) {
                raw.add(sink + "," + row + "," + Instant.ofEpochMilli(end) + "," + (first < 0 ? "" : first - end));
            }
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private void report(Map<String, BitSet> expected, long firstMinute, int measured, int skip, Duration delay,
            long sent,
            long t0, long t1) throws Exception {
        List<String> raw = new ArrayList<>();
        raw.add("sink,row_or_key,minute_end,delay_ms");
        Map<String, Delays> parts = delays(expected, firstMinute, raw);
        Files.write(out.resolve("delays.csv"), raw);
        List<String> hb = new ArrayList<>(List.of("row,value_utc,first_seen_ms"));
        hbaseSeen.forEach((row, seen) -> seen.forEach((v, t) -> hb.add(row + "," + Instant.ofEpochMilli(v) + ","
                + t)));
        Files.write(out.resolve("hbase-versions.csv"), hb);
        List<String> sl = new ArrayList<>(List.of("table,snapshot,kind,commit_ms,keys"));
        synchronized (snapshotLog) {
            sl.addAll(snapshotLog);
        }
        Files.write(out.resolve("paimon-snapshots.csv"), sl);

        String label = a.get("label");
        Map<String, Delays> bySink = new LinkedHashMap<>();
        parts.forEach((name, d) -> {
            System.out.printf(Locale.ROOT, "PART label=%s part=%s %s%n", label, name.replace(' ', ':'),
                    stats(d));
            Delays s = bySink.computeIfAbsent(name.substring(0, name.indexOf(' ')), k -> new Delays());
            s.millis.addAll(d.millis);
            s.missing += d.missing;
        });
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "FRESHNESS label=%s from=%s to=%s rate=%s minutes_skipped=%d minutes_measured=%d events=%d watermark_delay_ms=%d hbase_polls=%d "
                        + "hbase_poll_ms_avg=%.0f", label, Instant.ofEpochMilli(t0), Instant.ofEpochMilli(t1),
                a.get("rate", "2000"), skip, measured, sent, delay.toMillis(),
                hbasePolls, hbasePolls == 0 ? 0.0 : (double) hbasePollMillis / hbasePolls));
        bySink.forEach((sink, d) -> b.append(' ').append(stats(d).replaceAll("(\\w+)=", sink + "_$1=")));
        System.out.println(b);
    }

    private static String stats(Delays d) {
        List<Long> sorted = new ArrayList<>(d.millis);
        sorted.sort(null);
        return String.format(Locale.ROOT, "n=%d missing=%d p50_ms=%d p99_ms=%d max_ms=%d", sorted.size(), d.missing,
                pct(sorted, 0.5), pct(sorted, 0.99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }
}
