package io.rtw.stream.bench;

import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.stream.StreamRuns;
import io.rtw.connector.kafka.KafkaLines;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The freshness benchmark's driver (bench/freshness.sh; never run by {@code mvn verify}). Subcommands:
 *
 * <pre>
 * topic --bootstrap=H:P --topic=T --partitions=N                     the topic, empty
 * job --project=DIR --sql=FILE --home=DIR --vars=... --rest-port=P [-Dk=v]   the job as rtw run runs it (unbounded)
 * measure --bootstrap=H:P --topic=T --project=DIR --home=DIR --vars=... --rest-port=P --out=DIR --label=L [--job-pid=N]
 *         [--rate=2000] [--minutes=12] [--users=N] [--keys=N] [--key-skew=S] [--ids=bigint|string]
 *         [--key-column=channel] [--time-column=minute_end] [--poll-ms=200] [--drain-s=S] [--skip-minutes=1]
 * </pre>
 *
 * {@code measure} waits until the job runs, sends events stamped with the wall clock at {@code --rate} per second for
 * {@code --minutes} (rounded up to a minute boundary, plus the watermark delay and 2 s so the last full minute can
 * close), and meanwhile (a) scans the project's HBase serving tables for the time column alone every
 * {@code --poll-ms}, keeping when each row's time value first reached each minute's end, and (b) walks the Paimon
 * warehouse's snapshots as they are committed, reading each appending snapshot of every table that has the key and
 * time columns (projected to those two), keeping the commit time at which each key's time value first reached each
 * minute's end. A minute's row counts as readable once a value at or after its end is (the values are cumulative, and
 * a sink's buffer may fold two minutes into one write). The delay of (row, minute) is that moment minus the minute's
 * end, for every full minute of the run but the first {@code --skip-minutes} (the job's warm-up) and every key with
 * events in it (and the all-keys row for every minute).
 */
public final class FreshnessBench {

    private FreshnessBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        switch (a.command()) {
            case "topic" -> new KafkaLines(a.get("bootstrap")).recreateTopic(a.get("topic"),
                    (int) a.getLong("partitions", 2));
            case "job" -> job(a);
            case "measure" -> new FreshnessMeasure(a).run();
            default -> throw new IllegalArgumentException("unknown subcommand " + a.command());
        }
        System.exit(0);
    }

    /** The job as {@code rtw run} runs it on a local MiniCluster: unbounded, until SIGTERM stops it. */
    private static void job(BenchArgs a) throws Exception {
        Project project = BenchProject.load(Path.of(a.get("project")), a.vars(), Path.of(a.get("home")));
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("rest.bind-port", a.get("rest-port"));
        conf.put("rest.port", a.get("rest-port"));
        conf.putAll(a.flink());
        LocalDate today = LocalDate.now(project.timeZone());
        JobRequest spec = new JobRequest(project, Path.of(a.get("sql")), Mode.STREAM, Optional.of(today),
                new RunOptions(Target.local(), false, Optional.empty(), conf));
        StreamRuns.run(spec, Secrets.of(Map.of()), new PrintWriter(System.err, true));
        System.out.println("JOB stopped");
    }
}
