package io.rtw.stream;

import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-stream recipe ({@code sql/examples/orders}, docs/recipes.md) in both modes on real servers: string buyer
 * ids (some sent as numbers), decimal amounts as strings and numbers, ISO-8601 pay times with {@code +08:00}, {@code Z}
 * or no offset, a PAID/REFUNDED status, and malformed records among them, produced to a real Kafka and replayed bounded
 * through {@code jobs/order_gmv.sql}, which archives every valid order into the {@code yyyyMMdd}-partitioned Paimon
 * table; then the same file in batch mode over that day. Both runs' rows equal plain Java over the generated orders to
 * the cent; every bad record is in the dead-letter table with its reason, and the job never failed.
 */
class OrderExampleITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final Path PROJECT = Path.of("../sql/examples/orders");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** One generated valid order, as the oracle sees it. */
    record Order(String id, String buyer, long cents, Long couponCents, Instant payTime, boolean refunded) {}

    @TempDir static Path home;
    static final List<Order> ORDERS = new ArrayList<>();
    /** Each bad record and the reason it must be refused with. */
    static final Map<String, String> BAD = new TreeMap<>();
    static String progress;

    @BeforeAll
    static void runBothModes() throws Exception {
        List<String> lines = generate();
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("orders", 2);
        kafka.send("orders", lines, n -> { });
        Project project = Project.load(PROJECT, new Project.Options(Optional.empty(), Map.of(
                "kafka.bootstrap", KAFKA.bootstrapServers(), "kafka.group", "orders-it", "watermark.emit", "on-event",
                "warehouse", "file://" + home.resolve("warehouse")), Secrets.of(Map.of()), home));
        StringWriter out = new StringWriter();
        Secrets secrets = Secrets.of(Map.of());
        PrintWriter log = new PrintWriter(out, true);
        StreamRuns.run(spec(project, Mode.STREAM), secrets, log);
        // Two rows the batch side cannot read, written into the day beside the archived ones.
        TestFlink.warehouse(home.resolve("warehouse")).executeSql("INSERT INTO paimon.ods.orders_di VALUES "
                + "('b-1', 'u-1', 1.00, CAST(NULL AS DECIMAL(12, 2)), '2026-11-21 12:00:00.000', 'X', '20261121'), "
                + "('b-2', 'u-2', 2.00, CAST(NULL AS DECIMAL(12, 2)), 'noon', 'N', '20261121')").await();
        StreamRuns.run(spec(project, Mode.BATCH), secrets, log);
        progress = out.toString();
    }

    private static JobRequest spec(Project project, Mode mode) {
        return new JobRequest(project, PROJECT.resolve("jobs/order_gmv.sql"), mode, Optional.of(DAY),
                new RunOptions(Target.local(), true, Optional.empty(), Map.of()));
    }

    /**
     * About 300 orders of the Shanghai day in increasing pay time (none late), from its first millisecond to its last,
     * each field written in one of the ways sources write it; the bad records carry their neighbour's time.
     */
    private static List<String> generate() {
        Random random = new Random(23);
        List<String> lines = new ArrayList<>();
        Instant t = DAY.atStartOfDay(SHANGHAI).toInstant();
        for (int i = 0; i < 300; i++) {
            if (i == 1) {
                t = DAY.atTime(10, 0).atZone(SHANGHAI).toInstant();
            } else if (i == 299) {
                t = DAY.plusDays(1).atStartOfDay(SHANGHAI).toInstant().minusMillis(1);
            } else if (i > 1) {
                t = t.plusMillis(500 + random.nextInt(4000));
            }
            String buyer = random.nextInt(5) == 0 ? Integer.toString(1000 + random.nextInt(20)) : "u-" + random.nextInt(40);
            long cents = 1 + random.nextInt(50_000);
            Long coupon = i % 4 == 0 ? null : (long) random.nextInt(500);
            Order o = new Order("o-" + i, buyer, cents, coupon, t, i % 7 == 3);
            ORDERS.add(o);
            String amount = BigDecimal.valueOf(cents, 2).toPlainString();
            String json = "{\"order_id\":\"" + o.id() + "\",\"buyer\":" + (buyer.startsWith("u-") ? "\"" + buyer + "\"" : buyer)
                    + ",\"amount\":" + switch (i % 3) {
                        case 0 -> amount;
                        case 1 -> "\"" + amount + "\"";
                        default -> "\"" + BigDecimal.valueOf(cents, 2).stripTrailingZeros().toPlainString() + "\"";
                    }
                    + ",\"coupon\":\"" + (coupon == null ? "" : BigDecimal.valueOf(coupon, 2).toPlainString()) + "\""
                    + ",\"pay_time\":\"" + switch (i % 3) {
                        case 0 -> LOCAL.format(t.atZone(SHANGHAI)) + "+08:00";
                        case 1 -> LOCAL.format(t.atOffset(ZoneOffset.UTC)) + "Z";
                        default -> LOCAL.format(t.atZone(SHANGHAI));
                    } + "\",\"status\":\"" + (o.refunded() ? "REFUNDED" : "PAID") + "\"}";
            lines.add(json);
            if (i % 37 == 5) {
                lines.addAll(bad(lines.size(), t));
            }
        }
        return lines;
    }

    /** The bad records of one round, registered with their reasons. */
    private static List<String> bad(int n, Instant t) {
        String time = LOCAL.format(t.atZone(SHANGHAI)) + "+08:00";
        String ok = "\"coupon\":\"\",\"pay_time\":\"" + time + "\",\"status\":\"PAID\"}";
        Map<String, String> round = Map.of(
                "{\"order_id\":\"bad-" + n + "a\",\"buyer\":{\"id\":1},\"amount\":\"10.00\"," + ok,
                "field 'buyer': expected STRING, got {\"id\":1} (an object; declare the field with json: raw to keep "
                        + "JSON text)",
                "{\"order_id\":\"bad-" + n + "b\",\"buyer\":\"u-1\",\"amount\":\"12.3.4\"," + ok,
                "field 'amount': expected DECIMAL(12, 2), got \"12.3.4\"",
                "{\"order_id\":\"bad-" + n + "c\",\"buyer\":\"u-1\",\"amount\":\"12.345\"," + ok,
                "field 'amount': expected DECIMAL(12, 2), got \"12.345\" (more than 2 decimal places; not rounded)",
                "{\"order_id\":\"bad-" + n + "d\",\"buyer\":\"u-1\",\"amount\":1,\"coupon\":\"\",\"pay_time\":"
                        + "\"2026-11-21T25:61:00+08:00\",\"status\":\"PAID\"}",
                "field 'pay_time': expected TIMESTAMP_LTZ(3) as iso-8601, got \"2026-11-21T25:61:00+08:00\"",
                "{\"order_id\":\"bad-" + n + "e\",\"buyer\":\"u-1\",\"amount\":1,\"coupon\":\"\",\"pay_time\":\""
                        + time + "\",\"status\":\"SHIPPED\"}",
                "field 'status': \"SHIPPED\" is not one of PAID, REFUNDED",
                "{\"order_id\":\"bad-" + n + "f\",\"buyer\":\"u-1\",\"amount\":1,\"coupon\":\"1.2.3\",\"pay_time\":\""
                        + time + "\",\"status\":\"PAID\"}",
                "column 'discount': CAST(NULLIF(coupon, '') AS DECIMAL(12, 2)) failed on \"1.2.3\"");
        BAD.putAll(round);
        return new ArrayList<>(new java.util.TreeSet<>(round.keySet()));
    }

    @Test
    void streamRowsEqualTheOracleToTheCent() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.order_gmv_minute_stream")).containsExactlyElementsOf(oracle());
    }

    @Test
    void batchRowsOverTheArchivedDayEqualTheOracleToTheCent() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.order_gmv_minute_batch")).containsExactlyElementsOf(oracle());
    }

    @Test
    void everyBadRecordIsADeadLetterWithItsReasonAndNothingElseIs() throws Exception {
        List<String> expected = BAD.entrySet().stream().map(e -> Row.of(e.getValue(), e.getKey()).toString()).sorted()
                .toList();
        assertThat(expected).hasSize(8 * 6); // 8 rounds of 6
        assertThat(rows("SELECT reason, payload FROM paimon.ods.orders_dead_letter")).containsExactlyElementsOf(expected);
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.orders_late")).containsExactly("+I[0]");
        assertThat(progress).doesNotContain("failed (");
    }

    @Test
    void theArchiveHoldsEveryValidOrderInTheBatchEncoding() throws Exception {
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT order_id) FROM paimon.ods.orders_di WHERE order_id LIKE 'o-%'"))
                .containsExactly("+I[" + ORDERS.size() + ", " + ORDERS.size() + "]");
        Order first = ORDERS.get(0);
        Order last = ORDERS.get(ORDERS.size() - 1);
        assertThat(rows("SELECT order_id, buyer_id, pay_amount, pay_time_local, refund_flag, ds FROM paimon.ods.orders_di "
                + "WHERE order_id IN ('" + first.id() + "', '" + last.id() + "')")).containsExactly(
                Row.of(first.id(), first.buyer(), BigDecimal.valueOf(first.cents(), 2), "2026-11-21 00:00:00.000",
                        first.refunded() ? "Y" : "N", "20261121").toString(),
                Row.of(last.id(), last.buyer(), BigDecimal.valueOf(last.cents(), 2), "2026-11-21 23:59:59.999",
                        last.refunded() ? "Y" : "N", "20261121").toString());
    }

    @Test
    void rowsTheBatchSideCannotReadAreItsDeadLetters() throws Exception {
        assertThat(rows("SELECT reason, dt FROM paimon.ods.orders_di_dead_letter")).containsExactly(
                "+I[column 'pay_time' is the event time but NULL from expr CAST(TO_TIMESTAMP(pay_time_local, "
                        + "'yyyy-MM-dd HH:mm:ss.SSS') AS TIMESTAMP_LTZ(3)), 2026-11-21]",
                "+I[field 'refund_flag': \"X\" is not one of Y, N, 2026-11-21]");
        assertThat(rows("SELECT payload FROM paimon.ods.orders_di_dead_letter WHERE payload LIKE '%\"b-1\"%'"))
                .singleElement().asString().contains("\"refund_flag\":\"X\"");
    }

    /** Per minute of the Shanghai day: orders, refunds, GMV of paid orders, coupons, distinct buyers. */
    private static List<String> oracle() {
        TreeMap<LocalDateTime, List<Order>> byMinute = new TreeMap<>();
        for (Order o : ORDERS) {
            byMinute.computeIfAbsent(LocalDateTime.ofInstant(o.payTime(), SHANGHAI).truncatedTo(ChronoUnit.MINUTES),
                    k -> new ArrayList<>()).add(o);
        }
        List<String> rows = new ArrayList<>();
        byMinute.forEach((minute, orders) -> {
            BigDecimal gmv = BigDecimal.valueOf(0, 2);
            BigDecimal discount = null;
            Set<String> buyers = new HashSet<>();
            long refunds = 0;
            for (Order o : orders) {
                if (o.refunded()) {
                    refunds++;
                } else {
                    gmv = gmv.add(BigDecimal.valueOf(o.cents(), 2));
                }
                if (o.couponCents() != null) {
                    discount = (discount == null ? BigDecimal.valueOf(0, 2) : discount)
                            .add(BigDecimal.valueOf(o.couponCents(), 2));
                }
                buyers.add(o.buyer());
            }
            rows.add(Row.of(minute.toLocalDate().toString(), minute, (long) orders.size(), refunds, gmv, discount,
                    (long) buyers.size()).toString());
        });
        rows.sort(null);
        return rows;
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
