package io.rtw.runtime;

import io.rtw.meta.job.UsedBinding;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which meta-tables' servers a run checks: names in the job's code, and every stream source in stream mode. */
class ServerCheckTest {

    @Test
    void aTableIsNamedOnlyUnqualifiedInCode() {
        assertThat(UsedBinding.names("INSERT INTO uv_serving SELECT 1", "uv_serving")).isTrue();
        assertThat(UsedBinding.names("SELECT * FROM x LEFT JOIN `UV_Serving` FOR SYSTEM_TIME AS OF t AS a",
                "uv_serving")).isTrue();
        assertThat(UsedBinding.names("INSERT INTO paimon.ads.uv_serving SELECT 1", "uv_serving")).isFalse();
        assertThat(UsedBinding.names("INSERT INTO p.ads.`uv_serving` SELECT 1", "uv_serving")).isFalse();
        assertThat(UsedBinding.names("INSERT INTO uv_serving_copy SELECT 1", "uv_serving")).isFalse();
        assertThat(UsedBinding.names("-- reads uv_serving\nINSERT INTO t SELECT 'uv_serving', '''uv_serving'''",
                "uv_serving")).isFalse();
        assertThat(UsedBinding.names("/* uv_serving */ INSERT INTO t SELECT 1", "uv_serving")).isFalse();
    }

    @Test
    void aLocalRunStopsOnAProblemAndARemoteOneWarns() {
        List<String> problems = List.of("meta-table uv_serving (hbase): HBase at zk:2181 does not answer within 10 s");
        assertThat(ServerCheck.warnings(Path.of("jobs/app_uv.sql"), true, List.of())).isEmpty();
        assertThatThrownBy(() -> ServerCheck.warnings(Path.of("jobs/app_uv.sql"), true, problems))
                .isInstanceOf(JobException.class).hasMessage("app_uv.sql: servers the job needs are not ready; nothing "
                        + "was run:\n  meta-table uv_serving (hbase): HBase at zk:2181 does not answer within 10 s");
        assertThat(ServerCheck.warnings(Path.of("jobs/app_uv.sql"), false, problems)).containsExactly("warning: "
                + "meta-table uv_serving (hbase): HBase at zk:2181 does not answer within 10 s (from this machine; "
                + "the cluster may reach it)");
    }

    @Test
    void streamRunsUseEveryStreamSourceAndBothModesTheServingTablesTheyName(@TempDir Path home) throws Exception {
        Project p = Project.load(Path.of("../sql"), new Project.Options(Optional.empty(), Map.of(),
                Secrets.of(Map.of()), home));
        List<String> day = List.of("INSERT INTO paimon.ads.t SELECT COUNT(*) FROM app_events");
        List<String> serving = List.of("INSERT INTO uv_serving SELECT * FROM v");
        assertThat(UsedBinding.of(p.tables(), Mode.STREAM, day)).map(UsedBinding::table)
                .containsExactly("app_events");
        assertThat(UsedBinding.of(p.tables(), Mode.BATCH, day)).isEmpty();
        assertThat(UsedBinding.of(p.tables(), Mode.STREAM, serving)).map(u -> u.table() + ":" + u.binding().kind())
                .containsExactlyInAnyOrder("app_events:kafka", "uv_serving:hbase");
        assertThat(UsedBinding.of(p.tables(), Mode.BATCH, serving)).map(UsedBinding::table)
                .containsExactly("uv_serving");
    }
}
