package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GMV sum over DECIMAL amounts in a real Paimon warehouse: the stream result of a day (without the late orders)
 * against the batch result (with them) reconciles when the late table holds exactly those orders, and fails with
 * the exact decimal difference when one is missing from it; drop_to_zero judged across days; and a reconciliation
 * reading the warehouse of the project's profile, with a variable overriding it.
 */
class ShopGmvITCase {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    private static final int MINUTES = 45;
    private static final String[] SHOPS = {"s1", "s2", "s3"};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One paid order. */
    record Order(String id, String shop, BigDecimal amount, LocalDateTime payTime) {}

    /** One row of paimon.ads.shop_gmv_minute: the day's GMV and order count before {@code end}. */
    record Minute(String dt, String shop, LocalDateTime end, BigDecimal gmv, long orders) {
        Object[] row() {
            return new Object[] {dt, shop, end, gmv, orders};
        }
    }

    @TempDir static Path home;
    static Path projectDir;
    static Project project;
    static List<Order> late;
    static List<Minute> stream;
    static List<Minute> batch;

    /** On-time orders: one every 20 s, shops in turn, amounts with cents that binary floating point cannot hold. */
    static List<Order> onTime(LocalDate day) {
        List<Order> out = new ArrayList<>();
        String[] cents = {"0.10", "0.20", "19.99", "3.30", "0.07", "1234.56"};
        for (int i = 0; i < MINUTES * 3; i++) {
            out.add(new Order("o-" + i, SHOPS[i % 3], new BigDecimal(cents[i % cents.length]),
                    day.atStartOfDay().plusSeconds(20L * i)));
        }
        return out;
    }

    /** The oracle: per shop and for '__all__', the GMV and count of the orders paid before each minute's end. */
    static List<Minute> minutes(LocalDate day, List<Order> orders) {
        List<Minute> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(List.of(SHOPS));
        keys.add("__all__");
        for (String key : keys) {
            for (int m = 1; m <= MINUTES; m++) {
                LocalDateTime end = day.atStartOfDay().plusMinutes(m);
                BigDecimal gmv = new BigDecimal("0.00");
                long n = 0;
                for (Order o : orders) {
                    if ((key.equals("__all__") || o.shop().equals(key)) && o.payTime().isBefore(end)) {
                        gmv = gmv.add(o.amount());
                        n++;
                    }
                }
                out.add(new Minute(day.toString(), key, end, gmv, n));
            }
        }
        return out;
    }

    @BeforeAll
    static void streamDayThenBatchDay() throws Exception {
        projectDir = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(projectDir.resolve("meta"));
        Files.createDirectories(projectDir.resolve("quality"));
        Files.writeString(projectDir.resolve("rtw.yaml"), """
                name: shops
                time-zone: Asia/Shanghai
                catalogs:
                  paimon: {type: paimon, warehouse: "${warehouse}"}
                  legacy: {type: paimon, warehouse: "file://%s"}
                vars:
                  warehouse: file://%s
                  kafka.bootstrap: 127.0.0.1:9092
                default-profile: here
                profiles:
                  here: {}
                  elsewhere: {warehouse: "file://%s"}
                """.formatted(home.resolve("legacy"), home.resolve("warehouse"), home.resolve("elsewhere")));
        Files.writeString(projectDir.resolve("meta/orders.yaml"), """
                name: orders
                columns:
                  - {name: order_id, type: STRING}
                  - {name: shop_id, type: STRING}
                  - {name: amount, type: "DECIMAL(12, 2)"}
                  - name: pay_time
                    type: TIMESTAMP_LTZ(3)
                    stream: {expr: "TO_TIMESTAMP_LTZ(ts, 3)"}
                    batch: {expr: "CAST(pay_time AS TIMESTAMP_LTZ(3))"}
                event-time: {column: pay_time, watermark-delay: 5s}
                stream:
                  kind: kafka
                  late-table: paimon.ods.orders_late
                  topic: orders
                  bootstrap-servers: ${kafka.bootstrap}
                  startup-mode: earliest-offset
                  format: json
                  fields: {order_id: STRING, shop_id: STRING, amount: "DECIMAL(12, 2)", ts: BIGINT}
                batch:
                  kind: paimon
                  catalog: paimon
                  database: ods
                  table: orders
                  partition-column: dt
                  archive: {dt: "DATE_FORMAT(pay_time, 'yyyy-MM-dd')"}
                  fields: {order_id: STRING, shop_id: STRING, amount: "DECIMAL(12, 2)", pay_time: TIMESTAMP(3), dt: STRING}
                """);
        Files.writeString(projectDir.resolve("quality/shop_gmv.yaml"), """
                metric: shop_gmv
                table: paimon.ads.shop_gmv_minute
                time-column: minute_end
                keys: [shop]
                measures:
                  gmv: {kind: sum, late-column: amount}
                  orders: {kind: exact}
                late: {table: paimon.ods.orders_late, time-column: pay_time, keys: [shop_id], all-value: __all__}
                sides:
                  stream: {tag: "stream-${bizdate}", late-records: excluded}
                  batch: {late-records: included}
                checks:
                  - {name: gmv_dropped_to_zero, kind: drop_to_zero, measure: gmv}
                """);
        Files.writeString(projectDir.resolve("quality/legacy_gmv.yaml"), """
                metric: legacy_gmv
                table: legacy.ads.shop_gmv_minute
                time-column: minute_end
                keys: [shop]
                measures: {gmv: {kind: sum}}
                checks: [{name: gmv_dropped_to_zero, kind: drop_to_zero, measure: gmv}]
                """);
        project = Project.load(projectDir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()),
                home));

        List<Order> orders = onTime(DAY);
        LocalDateTime start = DAY.atStartOfDay();
        late = List.of(new Order("late-0", "s1", new BigDecimal("12.34"), start.plusSeconds(15 * 60 + 30)),
                new Order("late-1", "s2", new BigDecimal("0.10"), start.plusMinutes(20)),
                new Order("late-2", "s2", new BigDecimal("0.20"), start.plusSeconds(40 * 60 + 10)));
        stream = minutes(DAY, orders);
        List<Order> all = new ArrayList<>(orders);
        all.addAll(late);
        batch = minutes(DAY, all);

        TableEnvironment env = ExampleData.env(home);
        env.executeSql("CREATE DATABASE IF NOT EXISTS paimon.ads");
        env.executeSql("CREATE TABLE paimon.ads.shop_gmv_minute (dt STRING, shop STRING, minute_end TIMESTAMP(3), "
                + "gmv DECIMAL(18, 2), orders BIGINT, PRIMARY KEY (dt, shop, minute_end) NOT ENFORCED) "
                + "PARTITIONED BY (dt) WITH ('bucket' = '1')");
        write(env, stream);
        env.executeSql("CREATE DATABASE IF NOT EXISTS paimon.ods");
        env.executeSql("CREATE TABLE paimon.ods.orders_late (order_id STRING, shop_id STRING, amount DECIMAL(12, 2), "
                + "pay_time TIMESTAMP_LTZ(3), dt STRING) PARTITIONED BY (dt)");
        writeLate(env, late);
        Reconciliation.freeze(project, Secrets.of(Map.of()), "shop_gmv", DAY, "stream");
        write(env, batch);
    }

    static void write(TableEnvironment env, List<Minute> rows) {
        PaimonRows.write(env, "paimon", "ads", "shop_gmv_minute", null, rows.stream().map(Minute::row).toList());
    }

    /** Replaces the late table's rows of their days with {@code orders}. */
    static void writeLate(TableEnvironment env, List<Order> orders) throws Exception {
        env.executeSql("INSERT OVERWRITE paimon.ods.orders_late VALUES " + orders.stream().map(o -> "('" + o.id()
                + "', '" + o.shop() + "', CAST('" + o.amount().toPlainString() + "' AS DECIMAL(12, 2)), CAST(TIMESTAMP '"
                + o.payTime().format(SECONDS) + "' AS TIMESTAMP_LTZ(3)), '" + o.payTime().toLocalDate() + "')")
                .collect(Collectors.joining(", "))).await();
    }

    static Reconciliation reconcile(String report) {
        return Reconciliation.run(project, Secrets.of(Map.of()), new Reconciliation.Request("shop_gmv", DAY,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(home.resolve(report)), true));
    }

    /** The oracle: the late orders' amount per key (every order for '__all__') before {@code end}. */
    static BigDecimal lateBefore(List<Order> orders, String key, LocalDateTime end) {
        return orders.stream().filter(o -> (key.equals("__all__") || o.shop().equals(key)) && o.payTime().isBefore(end))
                .map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void theSumReconcilesWithTheDifferenceExplainedExactlyByTheLateAmounts() throws Exception {
        Reconciliation r = reconcile("gmv.html");
        assertThat(r.breached()).as(r.summary()).isFalse();
        assertThat(r.summary()).contains("PASS: differences explained by late records in __all__, s1, s2");
        // Every minute whose late amount is not zero is a late difference of exactly that amount; no other.
        Map<String, String> expected = new TreeMap<>();
        for (Minute b : batch) {
            BigDecimal amount = lateBefore(late, b.shop(), b.end());
            if (amount.signum() != 0) {
                expected.put(b.shop() + "@" + b.end(), "late " + amount.toPlainString());
            }
        }
        assertThat(expected).containsEntry("s2@" + DAY + "T00:21", "late 0.10")
                .containsEntry("s2@" + DAY + "T00:41", "late 0.30");
        Map<String, String> found = new TreeMap<>();
        r.differences().stream().filter(d -> d.measure().equals("gmv")).forEach(d -> found.put(d.key() + "@"
                + d.minute(), d.verdict().id() + " " + d.diff().toPlainString()));
        assertThat(found).isEqualTo(expected);

        // The differences table keeps the decimals as decimals.
        TableEnvironment env = ExampleData.env(home);
        assertThat(TestFlink.rows(env, "SELECT DISTINCT TYPEOF(diff), TYPEOF(left_value), TYPEOF(late_sum) FROM "
                + "paimon.quality.reconcile_differences WHERE metric = 'shop_gmv' AND dt = '" + DAY + "'"))
                .containsExactly("+I[DECIMAL(38, 18), DECIMAL(38, 18), DECIMAL(38, 18)]");
        List<String> tableRows = TestFlink.rows(env, "SELECT `key`, CAST(minute_end AS STRING), diff = late_sum, "
                + "CAST(CAST(diff AS DECIMAL(18, 2)) AS STRING) FROM paimon.quality.reconcile_differences WHERE metric"
                + " = 'shop_gmv' AND dt = '" + DAY + "' AND measure = 'gmv'");
        List<String> expectedRows = new ArrayList<>();
        expected.forEach((k, v) -> expectedRows.add("+I[" + k.substring(0, k.indexOf('@')) + ", "
                + k.substring(k.indexOf('@') + 1).replace('T', ' ') + ":00.000, true, " + v.substring(5) + "]"));
        expectedRows.sort(null);
        assertThat(tableRows).isEqualTo(expectedRows);
        assertThat(Files.readString(home.resolve("gmv.html"))).contains("<td>0.30</td>");
    }

    @Test
    void aLateOrderMissingFromTheLateTableIsABreachWithItsExactAmount() throws Exception {
        TableEnvironment env = ExampleData.env(home);
        List<Order> kept = late.stream().filter(o -> !o.id().equals("late-1")).toList();
        writeLate(env, kept);
        Reconciliation r;
        try {
            r = reconcile("gmv-breach.html");
        } finally {
            writeLate(env, late);
        }
        assertThat(r.breached()).isTrue();
        // The oracle: minutes where the batch differs from the stream by other than the late table's amounts.
        List<String> breaches = new ArrayList<>();
        for (Minute b : batch) {
            Minute s = stream.stream().filter(x -> x.shop().equals(b.shop()) && x.end().equals(b.end())).findFirst()
                    .orElseThrow();
            BigDecimal diff = b.gmv().subtract(s.gmv());
            BigDecimal explained = lateBefore(kept, b.shop(), b.end()).setScale(2);
            if (diff.compareTo(explained) != 0) {
                breaches.add("breach " + b.shop() + " " + b.end().toString().replace('T', ' ') + " gmv: stream "
                        + s.gmv().toPlainString() + ", batch " + b.gmv().toPlainString() + ", diff "
                        + diff.toPlainString() + "; late records explain " + explained.toPlainString() + " ("
                        + kept.stream().filter(o -> (b.shop().equals("__all__") || o.shop().equals(b.shop()))
                                && o.payTime().isBefore(b.end())).count() + " records); unexplained "
                        + diff.subtract(explained).toPlainString());
            }
        }
        // 00:21 to 00:45 for s2 and for __all__: 25 minutes each.
        assertThat(breaches).hasSize(50);
        assertThat(breaches).contains("breach s2 " + DAY + " 00:21 gmv: stream " + stream.stream()
                .filter(x -> x.shop().equals("s2") && x.end().equals(DAY.atStartOfDay().plusMinutes(21))).findFirst()
                .orElseThrow().gmv().toPlainString() + ", batch " + batch.stream().filter(x -> x.shop().equals("s2")
                        && x.end().equals(DAY.atStartOfDay().plusMinutes(21))).findFirst().orElseThrow().gmv()
                        .toPlainString() + ", diff 0.10; late records explain 0.00 (0 records); unexplained 0.10");
        assertThat(r.differences()).filteredOn(d -> d.verdict() == Verdict.BREACH && d.measure().equals("gmv"))
                .hasSize(breaches.size());
        // The order counts break in the same minutes: one more late order than the late table has.
        long countBreaches = batch.stream().filter(b -> b.orders() - stream.stream().filter(x -> x.shop().equals(
                b.shop()) && x.end().equals(b.end())).findFirst().orElseThrow().orders() > kept.stream().filter(o ->
                        (b.shop().equals("__all__") || o.shop().equals(b.shop())) && o.payTime().isBefore(b.end()))
                .count()).count();
        assertThat(r.differences()).filteredOn(d -> d.verdict().failing()).hasSize(breaches.size()
                + (int) countBreaches);
        List<String> printed = r.summary().lines().filter(l -> l.startsWith("    breach ") && l.contains(" gmv: "))
                .map(String::strip).toList();
        TreeSet<String> sorted = new TreeSet<>(breaches);
        // The amount no late record explains, exactly: the missing order's 0.10.
        assertThat(printed).isNotEmpty().allSatisfy(l -> assertThat(l).isIn(sorted).endsWith("; unexplained 0.10"));
        assertThat(r.summary()).contains("first failing values (10 of " + (breaches.size() + countBreaches) + "):")
                .contains("FAIL:");
        assertThat(r.summary().lines().filter(l -> l.startsWith("  s2 "))).singleElement().asString()
                .endsWith("gmv 0.30, orders 2");
    }

    @Test
    void dropToZeroComparesEachKeyWithItsLastValueOfTheDayBefore() throws Exception {
        // Two later days: on the first, five shops; on the second, a stays at 0 all day, b was at 0 already, c goes
        // on, d has no row at all, e is new at 0.
        LocalDate d1 = DAY.plusDays(10);
        LocalDate d2 = d1.plusDays(1);
        Map<LocalDate, Map<String, List<String>>> values = Map.of(
                d1, Map.of("a", List.of("3.00", "25.10"), "b", List.of("0.00"), "c", List.of("1.00", "2.00"),
                        "d", List.of("7.50")),
                d2, Map.of("a", List.of("0.00", "0.00", "0.00"), "b", List.of("0.00"), "c", List.of("3.00", "4.00"),
                        "e", List.of("0.00")));
        List<Minute> rows = new ArrayList<>();
        values.forEach((day, byShop) -> byShop.forEach((shop, vs) -> {
            for (int i = 0; i < vs.size(); i++) {
                rows.add(new Minute(day.toString(), shop, day.atStartOfDay().plusMinutes(i + 1), new BigDecimal(
                        vs.get(i)), i + 1));
            }
        }));
        write(ExampleData.env(home), rows);
        // The oracle, in plain Java: a key's value 0 where its previous value above 0 (on this day or at the end of
        // the day before) has not been followed by a non-zero one; a key above 0 at the end of the day before and
        // without a row this day, at the day's end.
        List<String> expected = new ArrayList<>();
        for (String shop : new TreeSet<>(values.get(d2).keySet())) {
            List<String> before = values.get(d1).get(shop);
            BigDecimal last = before == null ? null : new BigDecimal(before.get(before.size() - 1));
            List<String> today = values.get(d2).get(shop);
            for (int i = 0; i < today.size(); i++) {
                BigDecimal v = new BigDecimal(today.get(i));
                if (v.signum() == 0 && last != null && last.signum() > 0) {
                    expected.add(shop + " " + d2.atStartOfDay().plusMinutes(i + 1) + " 0.00 after "
                            + last.toPlainString());
                } else {
                    last = v;
                }
            }
        }
        values.get(d1).forEach((shop, vs) -> {
            if (!values.get(d2).containsKey(shop) && new BigDecimal(vs.get(vs.size() - 1)).signum() > 0) {
                expected.add(shop + " " + d2.plusDays(1).atStartOfDay() + " NULL after " + vs.get(vs.size() - 1));
            }
        });
        expected.sort(null);
        assertThat(expected).hasSize(4);

        QualityCheck q = QualityCheck.run(project, Secrets.of(Map.of()), new QualityCheck.Request(
                Optional.of("shop_gmv"), d2, Optional.empty(), Optional.of(d2.plusDays(1).atStartOfDay().plusMinutes(5)),
                Optional.of(home.resolve("drop.html")), true));
        List<String> found = q.checked().get(0).outcome().breaches().stream().map(b -> b.point().key() + " "
                + b.point().minute() + " " + (b.value() == null ? "NULL" : b.value().toPlainString()) + " after "
                + b.reference().toPlainString()).sorted().toList();
        assertThat(found).isEqualTo(expected);
        assertThat(q.failed()).isTrue();
        TableEnvironment env = ExampleData.env(home);
        assertThat(TestFlink.rows(env, "SELECT `key`, CAST(`value` AS STRING), CAST(reference AS STRING), "
                + "TYPEOF(reference) FROM paimon.quality.dqc_breaches WHERE metric = 'shop_gmv' AND dt = '" + d2
                + "' AND `key` = 'd'")).containsExactly("+I[d, null, 7.500000000000000000, DECIMAL(38, 18)]");

        // The first of the two days against a day without rows: no key was there before, nothing dropped.
        QualityCheck first = QualityCheck.run(project, Secrets.of(Map.of()), new QualityCheck.Request(
                Optional.of("shop_gmv"), d1, Optional.empty(), Optional.of(d1.plusDays(1).atStartOfDay()),
                Optional.of(home.resolve("drop-first.html")), false));
        assertThat(first.checked().get(0).outcome().breaches()).isEmpty();
    }

    @Test
    void reconcileReadsTheWarehouseOfTheProjectsProfileAndAVarOverridesIt() {
        // As rtw reconcile loads the project: the profile's warehouse, a --var winning over it.
        Project.Options here = new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), home);
        Reconciliation.Request request = new Reconciliation.Request("shop_gmv", DAY, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(home.resolve("cli.html")), false);
        assertThat(Reconciliation.run(Project.load(projectDir, here), Secrets.of(Map.of()), request).summary())
                .contains("PASS: differences explained by late records in __all__, s1, s2");

        Project.Options elsewhere = here.withProfile("elsewhere");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Reconciliation.run(Project.load(projectDir,
                elsewhere), Secrets.of(Map.of()), request)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("paimon.ads.shop_gmv_minute: no such table in the warehouse yet");

        Project.Options overridden = elsewhere.withVars(Map.of("warehouse", "file://" + home.resolve("warehouse")));
        assertThat(Reconciliation.run(Project.load(projectDir, overridden), Secrets.of(Map.of()), request).summary())
                .contains("PASS");
    }

    @Test
    void aQualityTableAnEarlierRtwWroteWithDoublesIsRefusedNamingTheColumnsAndTheWayOut() throws Exception {
        TableEnvironment env = ExampleData.env(home);
        env.executeSql("CREATE CATALOG legacy WITH ('type' = 'paimon', 'warehouse' = 'file://" + home.resolve("legacy")
                + "')");
        env.executeSql("CREATE DATABASE legacy.ads");
        env.executeSql("CREATE TABLE legacy.ads.shop_gmv_minute (dt STRING, shop STRING, minute_end TIMESTAMP(3), "
                + "gmv DECIMAL(18, 2), PRIMARY KEY (dt, shop, minute_end) NOT ENFORCED) PARTITIONED BY (dt)");
        env.executeSql("INSERT INTO legacy.ads.shop_gmv_minute VALUES ('" + DAY + "', 's1', TIMESTAMP '" + DAY
                + " 00:01:00', 1.00)").await();
        // dqc_breaches as rtw wrote it before values were decimals.
        env.executeSql("CREATE DATABASE legacy.quality");
        env.executeSql("CREATE TABLE legacy.quality.dqc_breaches (`rule` STRING, `key` STRING, minute_end TIMESTAMP(3), "
                + "severity STRING, `value` DOUBLE, reference DOUBLE, message STRING, metric STRING, dt STRING, "
                + "PRIMARY KEY (metric, dt, `rule`, `key`, minute_end) NOT ENFORCED) PARTITIONED BY (metric, dt)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityCheck.run(project, Secrets.of(Map.of()),
                new QualityCheck.Request(Optional.of("legacy_gmv"), DAY, Optional.empty(), Optional.empty(),
                        Optional.of(home.resolve("legacy.html")), true)))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("1 problem:\n  legacy.quality.dqc_breaches: exists with other columns than this rtw writes "
                        + "(value is DOUBLE, now DECIMAL(38, 18); reference is DOUBLE, now DECIMAL(38, 18)). Its rows "
                        + "are derived from the results (rtw reconcile and rtw quality check write them again for a "
                        + "day): drop it with rtw query 'DROP TABLE `legacy`.`quality`.`dqc_breaches`' and run again");
    }
}
