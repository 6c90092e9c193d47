package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Map;

import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.junit.jupiter.api.Test;

/** The registry: every function listed once, loadable by class name as {@code CREATE FUNCTION ... AS '<class>'} needs. */
class RtwFunctionsTest {

    @Test
    void listsEveryFunctionOfTheThreeFamiliesWithOneNamingScheme() {
        assertThat(RtwFunctions.functions().keySet()).containsExactly(
                "hll_sketch", "hll_union", "hll_estimate", "hll_bounds", "hll_merge", "uv_hll",
                "theta_sketch", "theta_union", "theta_estimate", "theta_bounds", "theta_merge", "theta_intersect",
                "theta_difference", "uv_theta",
                "bitmap_build", "bitmap_union", "bitmap_cardinality", "bitmap_bounds", "bitmap_merge", "bitmap_intersect",
                "bitmap_difference", "uv_bitmap",
                "bitmap64_build", "bitmap64_union", "bitmap64_cardinality", "bitmap64_bounds", "bitmap64_merge",
                "bitmap64_intersect", "bitmap64_difference", "uv_bitmap64", "bitmap64_running");
    }

    @Test
    void everyFunctionIsAPublicClassWithAPublicNoArgConstructorAndItsOwnName() throws Exception {
        for (Map.Entry<String, Class<? extends UserDefinedFunction>> f : RtwFunctions.functions().entrySet()) {
            Class<?> loaded = Class.forName(f.getValue().getName());
            assertThat(Modifier.isPublic(loaded.getModifiers())).as(f.getKey()).isTrue();
            assertThat(Modifier.isFinal(loaded.getModifiers())).as(f.getKey()).isTrue();
            assertThat(Modifier.isPublic(loaded.getConstructor().getModifiers())).as(f.getKey()).isTrue();
            assertThat(loaded.getDeclaredField("NAME").get(null)).isEqualTo(f.getKey());
            UserDefinedFunction instance = (UserDefinedFunction) loaded.getConstructor().newInstance();
            if (instance instanceof AggregateFunction<?, ?> agg && !f.getKey().endsWith("_running")) {
                assertThat(agg.getClass().getMethod("merge", agg.createAccumulator().getClass(), Iterable.class))
                        .as(f.getKey() + " supports two-phase aggregation and window slicing").isNotNull();
            }
        }
    }

    @Test
    void ignoreRetractOptionIsDocumentedAndOffByDefault() {
        assertThat(RtwFunctions.IGNORE_RETRACT.key()).isEqualTo("rtw.udf.ignore-retract");
        assertThat(RtwFunctions.IGNORE_RETRACT.defaultValue()).isFalse();
        assertThat(new org.apache.flink.configuration.description.HtmlFormatter().format(RtwFunctions.IGNORE_RETRACT.description())).contains("hll_sketch", "theta_sketch");
    }
}
