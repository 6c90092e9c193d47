package io.rtw.meta;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The options every rtw command that reads the warehouse project shares (a picocli mixin). */
public final class ProjectOptions {

    @Option(names = {"-p", "--project"}, paramLabel = "DIR",
            description = "Warehouse project directory (with rtw.yaml). Default: $RTW_PROJECT, else ./sql if it "
                    + "exists, else the current directory.")
    Path project;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile of rtw.yaml to take variables from. Default: the project's default-profile.")
    String profile;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Sets a variable for $${NAME} in YAML and SQL; wins over the profile. Repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();

    /** Sets variable {@code name} unless a {@code --var} set it. */
    public void defaultVar(String name, String value) {
        vars.putIfAbsent(name, value);
    }

    /** The project directory to use. */
    public Path dir() {
        return named().orElseGet(() -> Files.isDirectory(Path.of("sql")) ? Path.of("sql") : Path.of("."));
    }

    /** The project directory given with {@code --project} or {@code $RTW_PROJECT}. */
    private Optional<Path> named() {
        if (project != null) {
            return Optional.of(project);
        }
        return Optional.ofNullable(System.getenv("RTW_PROJECT")).map(Path::of);
    }

    /** Load options from these flags. */
    public Project.Options options() {
        vars.keySet().stream().filter(k -> !k.matches(Variables.NAME_RULE)).findFirst().ifPresent(k -> {
            throw new DefinitionException(Location.ofFile("--var"), "--var " + k + ": variable names must match "
                    + Variables.NAME_RULE);
        });
        return Project.Options.defaults().withProfile(profile).withVars(vars);
    }

    /** Loads and validates the project. */
    public Project load() {
        return Project.load(dir(), options());
    }

    /**
     * For commands that also work without a project (they then take flags and defaults): the project when one is
     * named ({@code --project}, {@code $RTW_PROJECT}) or the default directory has {@code rtw.yaml}, loaded and
     * validated; else empty.
     */
    public Optional<Project> loadIfPresent() {
        return named().isPresent() || Files.isRegularFile(dir().resolve(Project.FILE)) ? Optional.of(load())
                : Optional.empty();
    }
}
