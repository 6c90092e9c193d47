package io.rtw.cli;

import io.rtw.kv.hbase.KvException;
import io.rtw.kv.hbase.KvTarget;
import io.rtw.local.LocalServersException;
import io.rtw.local.Server;
import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.runtime.JobException;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/** What each kind of failure prints and the exit code it gives: the one mapping. */
class FailuresTest {

    /** The lines printed and the code returned for {@code e}. */
    record Reported(ExitCode code, String err) {}

    static Reported report(Exception e) {
        StringWriter err = new StringWriter();
        ExitCode code = Failures.report(e, new PrintWriter(err, true));
        return new Reported(code, err.toString());
    }

    @Test
    void definitionProblemsAreListedWithTheirCountAsAUserError() {
        Reported r = report(new DefinitionException(List.of(
                new Problem(new Location("meta/a.yaml", 3, 7, "columns[0].type"), "unknown type 'STRNG'"),
                new Problem(Location.ofFile("meta/b.yaml"), "no columns"))));

        assertThat(r.code()).isEqualTo(ExitCode.USER_ERROR);
        assertThat(r.err()).isEqualTo("meta/a.yaml:3:7 [columns[0].type]: unknown type 'STRNG'\n"
                + "meta/b.yaml: no columns\n2 problems\n");
    }

    @Test
    void mistakesAndFailedJobsAreOneLineAndExitOne() {
        assertThat(report(new UserException("no such file: x.sql")))
                .isEqualTo(new Reported(ExitCode.USER_ERROR, "rtw: no such file: x.sql\n"));
        assertThat(report(new JobException("app_uv.sql:3:8: Column 'x' not found")))
                .isEqualTo(new Reported(ExitCode.USER_ERROR, "rtw: app_uv.sql:3:8: Column 'x' not found\n"));
        LocalServersException unknown = catchThrowableOfType(LocalServersException.class, () -> Server.parse("zk"));
        assertThat(report(unknown)).isEqualTo(new Reported(ExitCode.USER_ERROR,
                "rtw: unknown server 'zk'; expected one of: kafka, hbase, flink\n"));
    }

    @Test
    void aServingStoreMistakeIsOneLineWithoutTheHintForAStoreThatDoesNotAnswer() {
        Project project = Project.load(Path.of("../sql"), Project.Options.defaults());
        KvException notServing = catchThrowableOfType(KvException.class, () -> KvTarget.resolve("app_events",
                Optional.of(project), Secrets.of(Map.of()), new KvTarget.Flags(null, null, null)));

        assertThat(notServing.unanswered()).isFalse();
        assertThat(report(notServing)).isEqualTo(new Reported(ExitCode.USER_ERROR, "rtw: meta-table app_events is "
                + "not a serving table (it has no kv: block); serving tables of the project: uv_activity_days, "
                + "uv_serving\n"));
    }

    @Test
    void anythingElseIsAnInternalErrorThatPointsToTheStack() {
        assumeThat(System.getenv("RTW_DEBUG")).as("RTW_DEBUG prints the stack instead").isNull();

        assertThat(report(new IllegalStateException("boom"))).isEqualTo(new Reported(ExitCode.INTERNAL_ERROR,
                "rtw: internal error: java.lang.IllegalStateException: boom\n(set RTW_DEBUG=1 to see the stack trace)\n"));
        assertThat(report(new InterruptedException())).isEqualTo(new Reported(ExitCode.INTERNAL_ERROR,
                "rtw: interrupted\n"));
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    @Test
    void theCodesAreTheDocumentedOnes() {
        assertThat(List.of(ExitCode.USER_ERROR.code(), ExitCode.INTERNAL_ERROR.code(),
                ExitCode.QUALITY_BREACH.code())).containsExactly(1, 2, 3);
    }
}
