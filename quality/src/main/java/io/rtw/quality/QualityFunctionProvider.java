package io.rtw.quality;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.runtime.FunctionProvider;

import org.apache.flink.table.api.TableEnvironment;

/** Gives every job and query of a project with a Paimon catalog the {@code rtw_metric} function. */
public final class QualityFunctionProvider implements FunctionProvider {

    @Override
    public void register(TableEnvironment env, Project project, Secrets secrets) {
        if (project.catalogs().values().stream().anyMatch(c -> "paimon".equals(c.get("type")))) {
            QualityFunctions.register(env, project, secrets, QualityFunctions.FLUSH_MILLIS);
        }
    }
}
