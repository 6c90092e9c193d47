package io.rtw.quality;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A rule kind judged once for the whole day (key {@link Rules#DAY_KEY} at the day's end); consecutive breached days
 * make a streak.
 */
sealed interface DayCheck extends Check permits NullRatio, Freshness {

    @Override
    default Rules.Judged evaluate(Metric.Rule rule, Rules.Input in) {
        return Rules.day(rule, this, in);
    }

    /** Why the day cannot be judged (yet); empty when it can. */
    Optional<String> unjudged(Rules.Input in);

    /** The day's breach at {@code at}, if it breaches. */
    Optional<Rules.Breach> judge(Metric.Rule rule, Rules.Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today, Rules.PointKey at);
}
