package io.rtw.quality;

import java.util.List;
import java.util.Optional;

/**
 * What a DQC rule checks, one record per kind, each the single place of its semantics: the SQL that judges every
 * point of a day for {@code rtw quality check} ({@link #judge}), the SQL that alerts on a stream for
 * {@code rtw quality sql} ({@link #stream}), the words of a breach and what the report draws. A new kind is one more
 * record (and its keys in {@link MetricParser}); the compiler then asks it for every method here. (Java 17 has no
 * pattern switch over sealed types without preview features: these methods are where kinds are dispatched.)
 */
sealed interface RuleKind permits DropToZero, Change, Threshold, NullRatio, Freshness {

    /**
     * A query judging every point of the day the rule can see, with the columns {@link DaySql#COLUMNS} in order: one
     * row per point, whether it was judged, breached and raised the alert, and the values its breach is told by.
     */
    String judge(DaySql day, Metric.Rule rule);

    /** The breach of a point the query found breached, with its message. */
    Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged point);

    /** Why points went unjudged, for the summary (one reason per rule and day). */
    String unjudged(DaySql day);

    /** The stream form: the rule's alerts as a SELECT; empty when the rule cannot run in the form's mode. */
    Optional<StreamSql.Alerts> stream(StreamSql stream, Metric.Rule rule);

    /** The curves the report draws for a key with breaches; none for a day-level rule. */
    List<QualityCheck.Curve> curves(DaySql day);
}
