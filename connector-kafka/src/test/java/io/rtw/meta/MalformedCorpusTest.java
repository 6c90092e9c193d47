package io.rtw.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file of the malformed corpus yields exactly one problem, at the place and with the message its
 * first line announces: {@code # expect: LINE:COLUMN [KEY.PATH] message start}.
 */
class MalformedCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/malformed");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) \\[(.*?)] (.*)");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @Test
    void theCorpusIsLargeEnough() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachFileFailsWithItsOneLocatedError(Path file) throws IOException {
        Matcher m = EXPECT.matcher(Files.readAllLines(file).get(0));
        assertThat(m.matches()).as("first line of %s declares the expected error", file).isTrue();

        DefinitionException e = catchThrowableOfType(DefinitionException.class,
                () -> MetaTableParser.yaml(Variables.empty(), Secrets.of(Map.of())).parse(file));

        assertThat(e).as("%s must be rejected", file).isNotNull();
        List<Problem> problems = e.problems();
        assertThat(problems).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.location()).isEqualTo(new Location(file.toString(), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), m.group(3)));
        assertThat(p.message()).startsWith(m.group(4).strip());
    }
}
