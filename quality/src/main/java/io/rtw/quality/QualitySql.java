package io.rtw.quality;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The stream form of a metric's DQC rules as statements to add to a stream job ({@code rtw quality sql}). */
public final class QualitySql {

    private QualitySql() {}

    /**
     * The statements, without trailing semicolons, that write the alerts of metric {@code metric} of
     * {@code quality/*.yaml} as rows arrive.
     *
     * @param source the job's view or table with the metric's rows; empty for the metric's table
     * @throws io.rtw.meta.DefinitionException when the metric files have mistakes or name no such metric
     */
    public static List<String> statements(Project project, Secrets secrets, String metric, Optional<String> source) {
        Metric m = MetricParser.find(MetricParser.load(project, LocalDate.now(project.timeZone()), secrets), metric,
                project);
        return StreamRules.statements(m, source, Mode.STREAM);
    }
}
