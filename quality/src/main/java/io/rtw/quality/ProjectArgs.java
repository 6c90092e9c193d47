package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;
import io.rtw.meta.Project;
import io.rtw.meta.Variables;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project options of the quality commands, the same as every rtw command that reads the warehouse. */
final class ProjectArgs {

    @Option(names = {"-p", "--project"}, paramLabel = "DIR",
            description = "Warehouse project directory (with rtw.yaml and quality/). Default: $RTW_PROJECT, else ./sql "
                    + "if it exists, else the current directory.")
    Path project;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile of rtw.yaml to take variables from. Default: the project's default-profile.")
    String profile;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Sets a variable for ${NAME} in YAML and SQL; wins over the profile. Repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();

    Path dir() {
        if (project != null) {
            return project;
        }
        String env = System.getenv("RTW_PROJECT");
        if (env != null) {
            return Path.of(env);
        }
        return Files.isDirectory(Path.of("sql")) ? Path.of("sql") : Path.of(".");
    }

    Project.Options options() {
        vars.keySet().stream().filter(k -> !k.matches(Variables.NAME_RULE)).findFirst().ifPresent(k -> {
            throw new DefinitionException(Location.ofFile("--var"), "--var " + k + ": variable names must match "
                    + Variables.NAME_RULE);
        });
        return Project.Options.defaults().withProfile(profile).withVars(vars);
    }

    Project load() {
        return Project.load(dir(), options());
    }
}
