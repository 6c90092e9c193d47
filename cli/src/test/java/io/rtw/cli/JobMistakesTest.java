package io.rtw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of job-file mistakes, through {@code rtw meta validate} with no server running: each file of
 * src/test/resources/job-mistakes is refused with exit code 1 and the one problem its first line announces, at the line
 * and column of the file as written: {@code -- expect: LINE:COLUMN: message} (with {@code $${} for {@code ${}, which the
 * template would replace). A second line {@code -- mode: MODE} checks
 * it in that mode only; others are checked in both modes and must give the same problem in each.
 */
class JobMistakesTest {

    private static final Path CORPUS = Path.of("src/test/resources/job-mistakes");
    private static final Path PROJECT = CORPUS.resolve("project");
    private static final Pattern EXPECT = Pattern.compile("-- expect: (\\d+:\\d+: .*)");
    private static final Pattern MODE = Pattern.compile("-- mode: (stream|batch)");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".sql")).sorted();
    }

    @Test
    void theCorpusIsLargeEnough() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachMistakeIsOneLocatedProblem(Path file, @TempDir Path home) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Matcher expect = EXPECT.matcher(lines.get(0));
        assertThat(expect.matches()).as("first line of %s announces the problem", file).isTrue();
        List<String> args = new ArrayList<>(List.of("meta", "validate", file.toString(), "-p", PROJECT.toString(),
                "--bizdate", "2026-11-21", "--var", "warehouse=file://" + home.resolve("warehouse")));
        Matcher mode = MODE.matcher(lines.get(1));
        if (mode.matches()) {
            args.addAll(List.of("--mode", mode.group(1)));
        }

        RtwTest.Run r = RtwTest.run(args.toArray(String[]::new));

        // The expect line is a comment of the job file: $${ keeps the template from replacing a reference in it.
        assertThat(r.err()).isEqualTo(file + ":" + expect.group(1).replace("$${", "${") + "\n1 problem\n");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(home.resolve("warehouse")).as("nothing created in the warehouse").doesNotExist();
    }

    @Test
    void aProjectWithoutMistakesValidatesWithALinePerFileAndCreatesNothing(@TempDir Path home) {
        RtwTest.Run r = RtwTest.run("meta", "validate", PROJECT.toString(), "--var",
                "warehouse=file://" + home.resolve("warehouse"));

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        // gmv_total.sql reads the table shop_gmv.sql creates; shops is read from a table no job creates
        assertThat(r.out()).isEqualTo("ok: 3 meta-tables in " + PROJECT + " (orders, shop_serving, shops)\n"
                + "ok: " + PROJECT.resolve("jobs/gmv_total.sql") + ": 1 insert, 0 views, 0 preconditions, planned in "
                + "stream and batch mode\n"
                + "ok: " + PROJECT.resolve("jobs/shop_gmv.sql") + ": 2 inserts, 1 view, 0 preconditions, planned in "
                + "stream and batch mode\n");
        assertThat(home.resolve("warehouse")).doesNotExist();
    }

    @Test
    void explainTellsAMistakeAsValidateDoes(@TempDir Path home) throws IOException {
        for (String name : List.of("unknown-column-in-view.sql", "insert-column-type.sql", "drop-table.sql")) {
            Path file = CORPUS.resolve(name);
            Matcher expect = EXPECT.matcher(Files.readAllLines(file).get(0));
            assertThat(expect.matches()).isTrue();

            RtwTest.Run r = RtwTest.run("sql", "explain", file.toString(), "--mode", "stream", "--bizdate",
                    "2026-11-21", "-p", PROJECT.toString(), "--var", "warehouse=file://" + home.resolve("warehouse"));

            assertThat(r.err()).as(name).isEqualTo("rtw: " + file + ":" + expect.group(1) + "\n");
            assertThat(r.code()).as(name).isEqualTo(1);
        }
    }
}
