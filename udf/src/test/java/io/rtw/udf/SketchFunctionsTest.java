package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.Sketch;
import org.junit.jupiter.api.Test;

/** HLL and Theta functions one by one: parameters, nulls, retraction, estimates, set operations. */
class SketchFunctionsTest {

    @Test
    void badParametersFailWithTheFunctionNameAndTheValue() {
        HllSketchFunction hll = new HllSketchFunction();
        assertThatThrownBy(() -> hll.accumulate(hll.createAccumulator(), 1L, 30))
                .hasMessage("hll_sketch: lgK must be an integer between 4 and 21 (default 12), got 30");
        assertThatThrownBy(() -> hll.accumulate(hll.createAccumulator(), 1L, 12, "HLL_5"))
                .hasMessage("hll_sketch: HLL type must be one of HLL_4, HLL_6, HLL_8 (default HLL_4), got 'HLL_5'");
        assertThatThrownBy(() -> new UvHllFunction().accumulate(new UvHllFunction().createAccumulator(), "a", (Integer) null))
                .hasMessage("uv_hll: lgK must be an integer between 4 and 21 (default 12), got null");
        assertThatThrownBy(() -> new HllUnionFunction().accumulate(new HllAccumulator(), new byte[8], 3))
                .hasMessage("hll_union: lgK must be an integer between 4 and 21 (default 12), got 3");
        ThetaSketchFunction theta = new ThetaSketchFunction();
        assertThatThrownBy(() -> theta.accumulate(theta.createAccumulator(), 1L, 1000))
                .hasMessage("theta_sketch: k must be a power of 2 between 16 and 67108864 (default 4096), got 1000");
        assertThatThrownBy(() -> new ThetaMergeFunction().eval(null, null, 8))
                .hasMessageStartingWith("theta_merge: k must be a power of 2");
        assertThatThrownBy(() -> new HllBoundsFunction().eval(new byte[0], 4))
                .hasMessage("hll_bounds: stddevs must be 1, 2 or 3 (about 68%, 95% or 99.7% confidence), got 4");
        assertThatThrownBy(() -> new HllEstimateFunction().eval(new byte[] {1, 2, 3}))
                .hasMessageStartingWith("hll_estimate: argument is not a DataSketches HLL sketch (3 bytes)");
        assertThatThrownBy(() -> new ThetaEstimateFunction().eval(new byte[] {1, 2, 3}))
                .hasMessageStartingWith("theta_estimate: argument is not a DataSketches Theta sketch (3 bytes)");
    }

    @Test
    void parametersTravelWithTheAccumulatorAndMustAgreeOnMerge() {
        HllSketchFunction hll = new HllSketchFunction();
        HllAccumulator a = hll.createAccumulator();
        hll.accumulate(a, 1L, 14, "HLL_8");
        HllAccumulatorSerializer serializer = new HllAccumulatorSerializer();
        HllAccumulator shipped = serializer.fromBytes(serializer.toBytes(a));
        HllAccumulator global = hll.createAccumulator();
        hll.merge(global, List.of(shipped));
        HllSketch result = HllSketch.heapify(hll.getValue(global));
        assertThat(result.getLgConfigK()).isEqualTo(14);
        assertThat(result.getTgtHllType()).isEqualTo(TgtHllType.HLL_8);

        HllAccumulator other = hll.createAccumulator();
        hll.accumulate(other, 2L, 12);
        assertThatThrownBy(() -> hll.merge(other, List.of(shipped)))
                .hasMessage("hll_sketch: parameters must be constant within one aggregate, got lgK 12 type HLL_4 and lgK 14 type HLL_8");

        ThetaSketchFunction theta = new ThetaSketchFunction();
        ThetaAccumulator t = theta.createAccumulator();
        theta.accumulate(t, 1L, 1024);
        ThetaAccumulator t2 = theta.createAccumulator();
        theta.accumulate(t2, 1L);
        assertThatThrownBy(() -> theta.merge(t2, List.of(t)))
                .hasMessage("theta_sketch: k must be constant within one aggregate, got 4096 and 1024");
    }

    @Test
    void nullsAreIgnoredAndEmptyInputGivesAnEmptySummary() {
        HllSketchFunction hll = new HllSketchFunction();
        HllAccumulator acc = hll.createAccumulator();
        hll.accumulate(acc, (Long) null);
        hll.accumulate(acc, (String) null, 30);
        assertThat(new HllEstimateFunction().eval(hll.getValue(acc))).isEqualTo(0.0);
        assertThat(new UvHllFunction().getValue(new HllAccumulator())).isZero();
        assertThat(HllSketch.heapify(hll.getValue(acc)).isEmpty()).isTrue();

        ThetaSketchFunction theta = new ThetaSketchFunction();
        ThetaAccumulator t = theta.createAccumulator();
        theta.accumulate(t, (Integer) null);
        assertThat(new ThetaEstimateFunction().eval(theta.getValue(t))).isEqualTo(0.0);
        assertThat(new ThetaEstimateFunction().eval(null)).isNull();
        assertThat(new HllEstimateFunction().eval(null)).isNull();
        assertThat(new HllBoundsFunction().eval(null, 1)).isNull();
        assertThat(new HllMergeFunction().eval(null, null)).isNull();
        assertThat(new ThetaIntersectFunction().eval(theta.getValue(t), null)).isNull();
    }

    @Test
    void intAndBigintIdsAreTheSameIdStringsAreDifferent() {
        HllSketchFunction hll = new HllSketchFunction();
        HllAccumulator a = hll.createAccumulator();
        hll.accumulate(a, 7);
        hll.accumulate(a, 7L);
        assertThat(new UvHllFunction().getValue(a)).isEqualTo(1L);
        hll.accumulate(a, "7");
        assertThat(new UvHllFunction().getValue(a)).isEqualTo(2L);

        ThetaSketchFunction theta = new ThetaSketchFunction();
        ThetaAccumulator t = theta.createAccumulator();
        theta.accumulate(t, 7);
        theta.accumulate(t, 7L);
        theta.accumulate(t, "7");
        assertThat(new UvThetaFunction().getValue(t)).isEqualTo(2L);
    }

    @Test
    void retractionFailsNamingTheFunction() {
        HllSketchFunction hll = new HllSketchFunction();
        assertThatThrownBy(() -> hll.retract(hll.createAccumulator(), 1L))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("hll_sketch received a retraction, but a HyperLogLog sketch cannot remove an id")
                .hasMessageContaining("'pipeline.global-job-parameters' = 'rtw.udf.ignore-retract:true'");
        assertThatThrownBy(() -> new ThetaUnionFunction().retract(new ThetaAccumulator(), new byte[8]))
                .hasMessageStartingWith("theta_union received a retraction, but a Theta sketch cannot remove an id");
        // A retracted NULL was never counted: nothing to complain about.
        hll.retract(hll.createAccumulator(), (Long) null);
    }

    @Test
    void thetaSetOperationsAreExactBelowK() {
        ThetaSketchFunction theta = new ThetaSketchFunction();
        byte[] day1 = Aggs.theta(theta, 1, 2, 3, 4, 5, 6);
        byte[] day7 = Aggs.theta(theta, 4, 5, 6, 7, 8);
        ThetaEstimateFunction estimate = new ThetaEstimateFunction();
        assertThat(estimate.eval(new ThetaIntersectFunction().eval(day1, day7))).isEqualTo(3.0);
        assertThat(estimate.eval(new ThetaDifferenceFunction().eval(day7, day1))).isEqualTo(2.0);
        assertThat(estimate.eval(new ThetaMergeFunction().eval(day1, day7))).isEqualTo(8.0);
        assertThat(estimate.eval(new ThetaMergeFunction().eval(day1, null))).isEqualTo(6.0);
        assertThat(new ThetaBoundsFunction().eval(day1, 3).<Double>getFieldAs(0)).isEqualTo(6.0);
        assertThat(new ThetaBoundsFunction().eval(day1, 3).<Double>getFieldAs(1)).isEqualTo(6.0);
        // The bytes are the library's compact ordered sketch.
        Sketch sketch = Sketch.wrap(Memory.wrap(day1));
        assertThat(sketch.isCompact()).isTrue();
        assertThat(sketch.isOrdered()).isTrue();
    }

    @Test
    void hllMergeEqualsUnionOfTheTwo() {
        HllSketchFunction hll = new HllSketchFunction();
        long[] a = java.util.stream.LongStream.range(0, 5000).toArray();
        long[] b = java.util.stream.LongStream.range(3000, 9000).toArray();
        byte[] merged = new HllMergeFunction().eval(Aggs.hll(hll, a), Aggs.hll(hll, b));
        byte[] union = Aggs.union(new HllUnionFunction(), List.of(Aggs.hll(hll, a), Aggs.hll(hll, b)));
        assertThat(new HllEstimateFunction().eval(merged)).isEqualTo(new HllEstimateFunction().eval(union));
        assertThat(new HllEstimateFunction().eval(new HllMergeFunction().eval(null, Aggs.hll(hll, a))))
                .isEqualTo(new HllEstimateFunction().eval(Aggs.hll(hll, a)));
        assertThat(HllSketch.heapify(merged).getTgtHllType()).isEqualTo(TgtHllType.HLL_4);
    }
}
