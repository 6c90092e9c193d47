package io.rtw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operators of a planned job, as an upgrade compares them with a savepoint: the same in every plan of one process,
 * whatever it planned before, as in a fresh process.
 */
class JobOperatorsITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final Path CHANNEL_PV = Path.of("../cli/src/test/resources/remote/channel_pv.sql");

    @TempDir Path home;

    @BeforeAll
    static void topic() throws Exception {
        new KafkaLines(KAFKA.bootstrapServers()).recreateTopic("app_events", 2);
    }

    @Test
    void aJobPlannedAgainInOneProcessGetsTheSameOperatorIds() {
        Project project = Project.load(Path.of("../sql"), new Project.Options(Optional.empty(), Map.of(
                "warehouse", home.resolve("warehouse").toUri().toString(), "kafka.bootstrap", KAFKA.bootstrapServers()),
                Secrets.of(Map.of()), home));
        JobRequest request = new JobRequest(project, CHANNEL_PV, Mode.STREAM, Optional.of(LocalDate.of(2026, 11, 24)),
                RunOptions.local(Map.of()));
        JobSubmitter submitter = new JobSubmitter(Secrets.of(Map.of()), new PrintWriter(Writer.nullWriter()));

        List<JobOperators.Operator> first = submitter.operators(request, RunExtras.NONE);
        // Planning something else in between numbers the planner's nodes on, as a second run in the process would.
        new Explain(Secrets.of(Map.of())).explain(request, false);
        List<JobOperators.Operator> again = submitter.operators(request, RunExtras.NONE);

        assertThat(again).isEqualTo(first);
        assertThat(first).filteredOn(o -> o.name().startsWith("GroupAggregate"))
                .singleElement().satisfies(o -> {
                    assertThat(o.uid()).matches("[0-9]+_group-aggregate");
                    assertThat(o.description()).contains("GroupAggregate(groupBy=[channel]");
                });
    }
}
