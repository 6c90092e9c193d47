package io.rtw.quality;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A rule kind judged at every point (key and window end) of the day; a key's consecutive breached points make a
 * streak, and the streak reaching the rule's {@code consecutive} count raises an alert.
 */
sealed interface PointCheck extends Check permits DropToZero, Change, Threshold {

    @Override
    default Rules.Judged evaluate(Metric.Rule rule, Rules.Input in) {
        return Rules.points(rule, this, in);
    }

    /** The breaches over one key's points of the day, and how many of its points could be judged. */
    Rules.Series series(Metric.Rule rule, Rules.Input in, String key,
            NavigableMap<LocalDateTime, Reconciler.Point> points);

    /** Why a point could not be judged, for the coverage line. */
    default String unchecked() {
        return "no value";
    }

    /**
     * Keys that breach without any row of the day, one breach each at the day's end; judged once the day has ended.
     */
    default List<Rules.Breach> absentKeys(Metric.Rule rule, Rules.Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today) {
        return List.of();
    }
}
