package io.rtw.batch;

import io.rtw.meta.Mode;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.runtime.JobException;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.JobSubmitter;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a batch job for every business day of a range, oldest first (a day's cumulative needs the day
 * before), one day at a time: each day's records read, rows written and time are reported, and the first
 * failure stops the backfill with the day named and the command that resumes from it.
 */
public final class Backfill {

    /** What one day's run did: records its sources hold for the day and rows written per Paimon table. */
    public record Day(LocalDate day, long recordsRead, Map<String, Long> rowsWritten, Duration elapsed) {}

    /** A backfill stopped at {@code failedDay}; the days before it are done and stay done. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient LocalDate failedDay;
        private final transient List<Day> done;

        Failed(LocalDate failedDay, List<Day> done, String message, Throwable cause) {
            super(message);
            initCause(cause);
            this.failedDay = failedDay;
            this.done = List.copyOf(done);
        }

        /** The day that failed, where a resumed backfill starts. */
        public LocalDate failedDay() {
            return failedDay;
        }

        /** The days finished before the failure. */
        public List<Day> done() {
            return done;
        }
    }

    private final Secrets secrets;
    private final JobSubmitter submitter;
    private final BatchDay batchDay;
    private final PrintWriter progress;

    /** A backfill that resolves secrets from {@code secrets} and reports each day to {@code progress}. */
    public Backfill(Secrets secrets, PrintWriter progress) {
        this.secrets = secrets;
        this.submitter = new JobSubmitter(secrets, progress);
        this.batchDay = new BatchDay(secrets);
        this.progress = progress;
    }

    /**
     * Runs {@code request}'s file in batch mode for each day from {@code from} to {@code to}, both included: each day
     * compiled once and run as a {@link BatchDay} (its preconditions checked), its counts read beside its run over the
     * sources it reads.
     *
     * @throws Failed at the first day that fails, naming it
     */
    public List<Day> run(JobRequest request, LocalDate from, LocalDate to) {
        if (request.mode() != Mode.BATCH) {
            throw new JobException("a backfill runs batch jobs; use --mode batch");
        }
        if (to.isBefore(from)) {
            throw new JobException("--to " + to + " is before --from " + from);
        }
        List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
        List<Day> done = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            JobRequest dayRequest = request.on(day);
            progress.printf("[%d/%d] %s: running%n", i + 1, days.size(), day);
            progress.flush();
            try {
                long start = System.nanoTime();
                CompiledJob job = submitter.compile(dayRequest, batchDay);
                DayCounts counts = new DayCounts(job, dayRequest.options(), secrets);
                Map<String, Long> before = counts.snapshots();
                JobSubmitter.Outcome outcome = submitter.run(job, dayRequest.options(), batchDay, start);
                Day result = new Day(day, counts.recordsRead(), counts.rowsWrittenSince(before), outcome.elapsed());
                done.add(result);
                progress.printf("[%d/%d] %s: read %,d records, wrote %s in %d s%n", i + 1, days.size(), day,
                        result.recordsRead(), describe(result.rowsWritten()), result.elapsed().toSeconds());
                progress.flush();
            } catch (RuntimeException | Error e) {
                throw new Failed(day, done, day + " failed: " + e.getMessage() + "\n  " + done.size() + " of "
                        + days.size() + " days done" + (done.isEmpty() ? "" : " (" + from + " to " + day.minusDays(1)
                        + ")") + "; resume with --from " + day + " --to " + to, e);
            } catch (Exception e) {
                throw new Failed(day, done, day + " failed: " + e.getMessage() + "; resume with --from " + day
                        + " --to " + to, e);
            }
        }
        return done;
    }

    private static String describe(Map<String, Long> rows) {
        if (rows.isEmpty()) {
            return "no Paimon rows";
        }
        return rows.entrySet().stream().map(e -> String.format("%,d rows to %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
    }
}
