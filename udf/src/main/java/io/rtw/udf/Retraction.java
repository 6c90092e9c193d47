package io.rtw.udf;

/** The error raised when a sketch aggregate that cannot forget an id receives a retraction. */
final class Retraction {

    private Retraction() {}

    static UnsupportedOperationException unsupported(String function, String family) {
        return new UnsupportedOperationException(function + " received a retraction, but a " + family
                + " sketch cannot remove an id: its input is an updating (changelog) stream. Aggregate an insert-only"
                + " stream (e.g. a window aggregation), use the exact bitmap functions (bitmap64_build, uv_bitmap64),"
                + " which retract correctly, or set 'pipeline.global-job-parameters' = '" + RtwFunctions.IGNORE_RETRACT.key()
                + ":true' to ignore retractions (retracted ids then stay counted).");
    }
}
