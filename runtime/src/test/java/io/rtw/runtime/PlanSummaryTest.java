package io.rtw.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The summary read from Flink's EXPLAIN text: names, aggregations by phase, advice. */
class PlanSummaryTest {

    @Test
    void countsEachAggregationOnceWhateverItsPhasesAndListsEachTableOnce() {
        String explain = """
                == Optimized Physical Plan With Advice ==
                Sink(table=[paimon.ads.t], fields=[a])
                +- HashAggregate(isMerge=[true], groupBy=[a], select=[a])

                advice[1]: [ADVICE] You might want to enable local-global two-phase optimization.
                advice[2]: [WARNING] The column(s): b could be non-deterministic.

                == Optimized Execution Plan ==
                HashAggregate(isMerge=[true], groupBy=[a], select=[a])(reuse_id=[1])
                +- Exchange(distribution=[hash[a]])
                   +- LocalHashAggregate(groupBy=[a], select=[a])
                      +- TableSourceScan(table=[[paimon, ods, events, project=[a]]], fields=[a])

                Sink(table=[paimon.ads.t], fields=[a])
                +- Reused(reference_id=[1])

                Sink(table=[default_catalog.default_database.kv], fields=[a, n])
                +- LookupJoin(table=[default_catalog.default_database.serving], joinType=[LeftOuterJoin])
                   :- OverAggregate(partitionBy=[a], orderBy=[pt ASC])
                   :  +- Reused(reference_id=[1])
                   +- Calc(select=[a])
                      +- TableSourceScan(table=[[default_catalog, default_database, events$source]], fields=[a])
                """;

        assertThat(PlanSummary.of(explain).text("t.sql")).isEqualTo("""
                -- t.sql
                -- reads:             paimon.ods.events, events$source
                -- looks up:          serving
                -- aggregations:      2
                -- writes:            paimon.ads.t, kv
                -- planner advice[1]: [ADVICE] You might want to enable local-global two-phase optimization.
                -- planner advice[2]: [WARNING] The column(s): b could be non-deterministic.
                """);
        assertThat(PlanSummary.executionPlan(explain)).startsWith("== Optimized Execution Plan ==\nHashAggregate(");
    }

    @Test
    void aTextWithoutAnExecutionPlanIsRefused() {
        assertThatThrownBy(() -> PlanSummary.of("== Abstract Syntax Tree ==\nLogicalSink(table=[t])"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("== Optimized Execution Plan ==");
    }
}
