package io.rtw.meta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A warehouse project as a caller names it (the command line's {@code -p}, {@code --profile}, {@code --var}), and
 * how it is found and loaded.
 *
 * @param named the project directory given; empty for {@code $RTW_PROJECT}, else ./sql if it exists, else the
 *     current directory
 * @param profile the profile of {@code rtw.yaml} to take variables from; empty for the project's default-profile
 * @param vars variables that win over the profile's
 */
public record ProjectRef(Optional<Path> named, Optional<String> profile, Map<String, String> vars) {

    /** Copies the variables so the record stays immutable. */
    public ProjectRef {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /** The project directory to use. */
    public Path dir() {
        return given().orElseGet(() -> Files.isDirectory(Path.of("sql")) ? Path.of("sql") : Path.of("."));
    }

    /** The project directory given, or {@code $RTW_PROJECT}. */
    private Optional<Path> given() {
        return named.or(() -> Optional.ofNullable(System.getenv("RTW_PROJECT")).map(Path::of));
    }

    /** Load options of this reference; a variable name that is not one is refused. */
    public Project.Options options() {
        vars.keySet().stream().filter(k -> !k.matches(Variables.NAME_RULE)).findFirst().ifPresent(k -> {
            throw new DefinitionException(Location.ofFile("--var"), "--var " + k + ": variable names must match "
                    + Variables.NAME_RULE);
        });
        return Project.Options.defaults().withProfile(profile.orElse(null)).withVars(vars);
    }

    /** Loads and validates the project. */
    public Project load() {
        return Project.load(dir(), options());
    }

    /**
     * For callers that also work without a project (they then take flags and defaults): the project when one is
     * named or the default directory has {@code rtw.yaml}, loaded and validated; else empty.
     */
    public Optional<Project> loadIfPresent() {
        return given().isPresent() || Files.isRegularFile(dir().resolve(Project.FILE)) ? Optional.of(load())
                : Optional.empty();
    }
}
