package io.rtw.udf;

import org.apache.datasketches.hll.TgtHllType;

/** Named defaults and validation of the functions' parameters; a bad value fails with the function name and the value. */
final class Params {

    static final int DEFAULT_LG_K = 12;
    static final int MIN_LG_K = 4;
    static final int MAX_LG_K = 21;
    static final TgtHllType DEFAULT_HLL_TYPE = TgtHllType.HLL_4;

    static final int DEFAULT_K = 4096;
    static final int MIN_K = 16;
    static final int MAX_K = 1 << 26;

    static final int MIN_STDDEVS = 1;
    static final int MAX_STDDEVS = 3;

    private Params() {}

    static int lgK(String function, Integer lgK) {
        if (lgK == null || lgK < MIN_LG_K || lgK > MAX_LG_K) {
            throw new IllegalArgumentException(
                    function + ": lgK must be an integer between " + MIN_LG_K + " and " + MAX_LG_K
                            + " (default " + DEFAULT_LG_K + "), got " + lgK);
        }
        return lgK;
    }

    static TgtHllType hllType(String function, String type) {
        if (type != null) {
            switch (type.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "HLL_4": return TgtHllType.HLL_4;
                case "HLL_6": return TgtHllType.HLL_6;
                case "HLL_8": return TgtHllType.HLL_8;
                default: break;
            }
        }
        throw new IllegalArgumentException(
                function + ": HLL type must be one of HLL_4, HLL_6, HLL_8 (default " + DEFAULT_HLL_TYPE
                        + "), got " + (type == null ? null : "'" + type + "'"));
    }

    static int k(String function, Integer k) {
        if (k == null || k < MIN_K || k > MAX_K || Integer.bitCount(k) != 1) {
            throw new IllegalArgumentException(
                    function + ": k must be a power of 2 between " + MIN_K + " and " + MAX_K
                            + " (default " + DEFAULT_K + "), got " + k);
        }
        return k;
    }

    static int stddevs(String function, Integer stddevs) {
        if (stddevs == null || stddevs < MIN_STDDEVS || stddevs > MAX_STDDEVS) {
            throw new IllegalArgumentException(
                    function + ": stddevs must be 1, 2 or 3 (about 68%, 95% or 99.7% confidence), got " + stddevs);
        }
        return stddevs;
    }
}
