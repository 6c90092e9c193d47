package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.flink.table.api.TableEnvironment;

import java.util.Map;

/** Registers the quality module's SQL functions ({@code rtw_metric}) on a table environment of a project. */
public final class QualityFunctions {

    /** Where {@code rtw_metric} appends, in the project's Paimon catalog. */
    public static final String METRICS_TABLE = "quality.metrics";
    /** How often {@code rtw_metric} appends its aggregates. */
    public static final long FLUSH_MILLIS = 10_000;

    private QualityFunctions() {}

    /**
     * Registers {@code rtw_metric} appending to {@code quality.metrics} of the project's first Paimon catalog every
     * {@code flushMillis}.
     */
    public static void register(TableEnvironment env, Project project, Secrets secrets, long flushMillis) {
        Map.Entry<String, Map<String, String>> paimon = project.catalogs().entrySet().stream()
                .filter(e -> "paimon".equals(e.getValue().get("type"))).findFirst().orElseThrow(() ->
                        new DefinitionException(Location.ofFile(project.dir().resolve(Project.FILE).toString())
                                .withPath("catalogs"), "rtw_metric appends to a Paimon table: declare a catalog of "
                                + "type paimon"));
        String warehouse = secrets.resolveValue(paimon.getValue().get("warehouse"));
        String[] t = METRICS_TABLE.split("\\.");
        env.createTemporarySystemFunction(MetricFunction.NAME, new MetricFunction(warehouse, t[0], t[1], flushMillis));
    }
}
