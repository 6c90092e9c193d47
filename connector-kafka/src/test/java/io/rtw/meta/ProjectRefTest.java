package io.rtw.meta;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** A project as a caller names it: the directory, profile and variables it is loaded with. */
class ProjectRefTest {

    static final Path EXAMPLE = ExampleProject.copy();

    @Test
    void loadsTheNamedDirectoryWithTheProfileAndVariablesWinningOverIt() {
        ProjectRef ref = new ProjectRef(Optional.of(EXAMPLE), Optional.of("prod"),
                Map.of("kafka.bootstrap", "127.0.0.1:19092"));

        Project p = ref.load();

        assertThat(ref.dir()).isEqualTo(EXAMPLE);
        assertThat(p.dir()).isEqualTo(EXAMPLE.toAbsolutePath().normalize());
        // From the profile prod of sql/rtw.yaml, and from the variable over the profile's value.
        assertThat(p.variables().get("warehouse")).hasValue("hdfs://namenode:8020/rtw/warehouse");
        assertThat(p.variables().get("kafka.bootstrap")).hasValue("127.0.0.1:19092");
        // A project named is loaded also by callers that work without one.
        assertThat(ref.loadIfPresent().flatMap(q -> q.variables().get("kafka.bootstrap"))).hasValue("127.0.0.1:19092");
    }

    @Test
    void aVariableNameThatIsNotOneIsADefinitionProblemOfTheVarOption() {
        ProjectRef ref = new ProjectRef(Optional.of(EXAMPLE), Optional.empty(), Map.of("1st", "x"));

        assertThatThrownBy(ref::options).isInstanceOfSatisfying(DefinitionException.class, e ->
                assertThat(e.problems()).containsExactly(new Problem(Location.ofFile("--var"),
                        "--var 1st: variable names must match " + Variables.NAME_RULE)));
    }

    @Test
    void withoutANameTheDefaultDirectoryIsUsedOnlyWhenItHoldsAProject() {
        assumeThat(System.getenv("RTW_PROJECT")).as("no $RTW_PROJECT names a project").isNull();
        // This module's directory has no sql/ and no rtw.yaml: the current directory, no project.
        assertThat(Files.exists(Path.of("sql"))).isFalse();
        ProjectRef none = new ProjectRef(Optional.empty(), Optional.empty(), Map.of());

        assertThat(none.dir()).isEqualTo(Path.of("."));
        assertThat(none.loadIfPresent()).isEmpty();
    }

    @Test
    void keepsItsOwnCopyOfTheVariables() {
        Map<String, String> vars = new HashMap<>(Map.of("a", "1"));
        ProjectRef ref = new ProjectRef(Optional.empty(), Optional.empty(), vars);
        vars.put("b", "2");

        assertThat(ref.vars()).isEqualTo(Map.of("a", "1"));
        assertThat(ref.options().vars()).isEqualTo(Map.of("a", "1"));
    }
}
