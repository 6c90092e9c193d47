package io.rtw.quality;

import io.rtw.meta.YamlReader;

import org.yaml.snakeyaml.nodes.Node;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a DQC rule checks: one class per rule kind, holding both of its forms, the batch judge {@code rtw quality
 * check} runs over the rows it read once and the SQL the stream form runs beside a job, so the two cannot drift
 * apart. A new kind is one class that implements {@link PointCheck} or {@link DayCheck}, named in their
 * {@code permits} and in {@link #KINDS}: the compiler then asks for every part (the two families decide how points
 * become alerts, in {@link Rules}).
 */
sealed interface Check permits PointCheck, DayCheck {

    /** Every rule kind: the name a quality file gives in {@code kind}, its keys and how its block is read. */
    List<Kind> KINDS = List.of(DropToZero.KIND, Change.KIND, Threshold.KIND, NullRatio.KIND, Freshness.KIND);

    /**
     * A rule kind for the quality file reader.
     *
     * @param type the class of the kind's checks
     * @param keys the keys of a check block of this kind besides the common ones (name, kind, severity, ...)
     * @param parse reads the block; reports problems to the reader and returns empty when it had any
     */
    record Kind(String name, Class<? extends Check> type, List<String> keys,
            Function<Block, Optional<Check>> parse) {}

    /**
     * One check block being read, with the metric's declared measures.
     *
     * @param node the block, where a problem of the whole block is reported
     * @param path the block's key path, such as {@code checks[2]}
     */
    record Block(YamlReader yaml, YamlReader.Block keys, Node node, String path, List<String> measures) {

        /** The required {@code measure}, one of the metric's measures. */
        Optional<String> measure() {
            return keys.required("measure").filter(m -> {
                if (measures.contains(m)) {
                    return true;
                }
                yaml.problem(keys.value("measure").orElseThrow(), keys.pathOf("measure"), "no measure '" + m
                        + "'; measures: " + String.join(", ", measures));
                return false;
            });
        }

        /** Reports a problem of the whole block. */
        void problem(String message) {
            yaml.problem(node, path, message);
        }
    }

    /** The rule's breaches, alerts and coverage of the day {@code in} holds. */
    Rules.Judged evaluate(Metric.Rule rule, Rules.Input in);

    /** The measure a chart of the rule's breaches shows; empty for a rule on the whole day. */
    Optional<String> chartMeasure();

    /** The days whose rows the batch judge needs besides {@code day}. */
    default Set<LocalDate> daysBefore(LocalDate day) {
        return Set.of();
    }

    /** The column whose nulls the batch judge counts over the day's rows, if any. */
    default Optional<String> nullCountColumn() {
        return Optional.empty();
    }

    /** How many days back the checked day is compared with, for a chart overlay; empty when it is not. */
    default Optional<Integer> comparedDaysBack() {
        return Optional.empty();
    }

    /** Whether the stream form needs the clock (a row a second) and the newest window end of the metric. */
    default boolean onClock() {
        return false;
    }

    /**
     * The stream form: the alerts of {@code rule} as a SELECT of (metric, rule, severity, key, minute_end, value,
     * message, dt), built with the shared parts of {@code form}; empty where the kind has no form in its mode.
     */
    Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form);
}
