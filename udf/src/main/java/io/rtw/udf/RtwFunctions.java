package io.rtw.udf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.UserDefinedFunction;

/** Every rtw SQL function by name, and their registration on a {@link TableEnvironment}. */
public final class RtwFunctions {

    /**
     * Lets the HLL and Theta aggregates ignore retractions instead of failing. Read from the global job parameters:
     * {@code SET 'pipeline.global-job-parameters' = 'rtw.udf.ignore-retract:true'} (a plain table option does not
     * reach the functions).
     */
    public static final ConfigOption<Boolean> IGNORE_RETRACT = ConfigOptions.key("rtw.udf.ignore-retract")
            .booleanType()
            .defaultValue(false)
            .withDescription("When true, the HLL and Theta aggregates (hll_sketch, hll_union, uv_hll, theta_sketch,"
                    + " theta_union, uv_theta) ignore retractions, so retracted ids stay counted. When false, a"
                    + " retraction fails the job with an error naming the function. Bitmap aggregates always retract"
                    + " exactly. Set it as a global job parameter: 'pipeline.global-job-parameters' ="
                    + " 'rtw.udf.ignore-retract:true'.");

    private static final Map<String, Class<? extends UserDefinedFunction>> FUNCTIONS = functionMap();

    private RtwFunctions() {}

    /** Function name to implementing class, in documentation order (family, then role). */
    public static Map<String, Class<? extends UserDefinedFunction>> functions() {
        return FUNCTIONS;
    }

    /** Registers every function as a temporary system function under its name. */
    public static void registerAll(TableEnvironment env) {
        FUNCTIONS.forEach(env::createTemporarySystemFunction);
    }

    static boolean ignoreRetract(FunctionContext context) {
        try {
            return Boolean.parseBoolean(context.getJobParameter(IGNORE_RETRACT.key(), "false").trim());
        } catch (TableException e) {
            // Job parameters are not available where the function is opened (e.g. during constant folding).
            return IGNORE_RETRACT.defaultValue();
        }
    }

    private static Map<String, Class<? extends UserDefinedFunction>> functionMap() {
        Map<String, Class<? extends UserDefinedFunction>> m = new LinkedHashMap<>();
        m.put(HllSketchFunction.NAME, HllSketchFunction.class);
        m.put(HllUnionFunction.NAME, HllUnionFunction.class);
        m.put(HllEstimateFunction.NAME, HllEstimateFunction.class);
        m.put(HllBoundsFunction.NAME, HllBoundsFunction.class);
        m.put(HllMergeFunction.NAME, HllMergeFunction.class);
        m.put(UvHllFunction.NAME, UvHllFunction.class);

        m.put(ThetaSketchFunction.NAME, ThetaSketchFunction.class);
        m.put(ThetaUnionFunction.NAME, ThetaUnionFunction.class);
        m.put(ThetaEstimateFunction.NAME, ThetaEstimateFunction.class);
        m.put(ThetaBoundsFunction.NAME, ThetaBoundsFunction.class);
        m.put(ThetaMergeFunction.NAME, ThetaMergeFunction.class);
        m.put(ThetaIntersectFunction.NAME, ThetaIntersectFunction.class);
        m.put(ThetaDifferenceFunction.NAME, ThetaDifferenceFunction.class);
        m.put(UvThetaFunction.NAME, UvThetaFunction.class);

        m.put(BitmapBuildFunction.NAME, BitmapBuildFunction.class);
        m.put(BitmapUnionFunction.NAME, BitmapUnionFunction.class);
        m.put(BitmapCardinalityFunction.NAME, BitmapCardinalityFunction.class);
        m.put(BitmapBoundsFunction.NAME, BitmapBoundsFunction.class);
        m.put(BitmapMergeFunction.NAME, BitmapMergeFunction.class);
        m.put(BitmapIntersectFunction.NAME, BitmapIntersectFunction.class);
        m.put(BitmapDifferenceFunction.NAME, BitmapDifferenceFunction.class);
        m.put(UvBitmapFunction.NAME, UvBitmapFunction.class);

        m.put(Bitmap64BuildFunction.NAME, Bitmap64BuildFunction.class);
        m.put(Bitmap64UnionFunction.NAME, Bitmap64UnionFunction.class);
        m.put(Bitmap64CardinalityFunction.NAME, Bitmap64CardinalityFunction.class);
        m.put(Bitmap64BoundsFunction.NAME, Bitmap64BoundsFunction.class);
        m.put(Bitmap64MergeFunction.NAME, Bitmap64MergeFunction.class);
        m.put(Bitmap64IntersectFunction.NAME, Bitmap64IntersectFunction.class);
        m.put(Bitmap64DifferenceFunction.NAME, Bitmap64DifferenceFunction.class);
        m.put(UvBitmap64Function.NAME, UvBitmap64Function.class);
        m.put(Bitmap64RunningFunction.NAME, Bitmap64RunningFunction.class);
        return Collections.unmodifiableMap(m);
    }
}
