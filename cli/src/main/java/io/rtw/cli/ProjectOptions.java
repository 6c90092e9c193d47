package io.rtw.cli;

import io.rtw.meta.Project;
import io.rtw.meta.ProjectRef;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The options every rtw command that reads the warehouse project shares (a picocli mixin over {@link ProjectRef}). */
final class ProjectOptions {

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
    void defaultVar(String name, String value) {
        vars.putIfAbsent(name, value);
    }

    /** The project these options name. */
    ProjectRef ref() {
        return new ProjectRef(Optional.ofNullable(project), Optional.ofNullable(profile), vars);
    }

    /** The project directory to use. */
    Path dir() {
        return ref().dir();
    }

    /** Load options from these flags. */
    Project.Options options() {
        return ref().options();
    }

    /** Loads and validates the project. */
    Project load() {
        return ref().load();
    }

    /** The project when one is named or the default directory has one, loaded; else empty. */
    Optional<Project> loadIfPresent() {
        return ref().loadIfPresent();
    }
}
