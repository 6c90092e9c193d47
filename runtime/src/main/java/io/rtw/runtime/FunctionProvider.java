package io.rtw.runtime;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.flink.table.api.TableEnvironment;

/**
 * SQL functions a module adds to every job and query of a project, found with {@link java.util.ServiceLoader}
 * (e.g. the quality module's {@code rtw_metric}), beside the rtw functions every job has.
 */
public interface FunctionProvider {

    /** Registers this provider's functions on {@code env} for {@code project}. */
    void register(TableEnvironment env, Project project, Secrets secrets);
}
