package io.rtw.cli;

import io.rtw.local.LocalServers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code rtw package}: builds the project's job artifact, the one jar a cluster needs to run any of its jobs. */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = "Builds one jar that runs every job of the project on a Flink cluster in application mode: "
                + "rtw and the connectors and formats Flink's lib/ does not hold, the project's YAML and SQL, and the "
                + "entry class " + "io.rtw.cli.ClusterMain (arguments: the job file relative to the project, then "
                + "rtw run's options). Prints its size and what went in.",
        footer = {"", "Examples:", "  rtw package --profile prod --out target/rtw-job.jar",
            "  flink run-application -t yarn-application target/rtw-job.jar jobs/app_uv.sql --mode stream"})
final class PackageCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Option(names = "--out", paramLabel = "JAR", defaultValue = "rtw-job.jar",
            description = "Where to write the jar. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        project.load();
        List<Path> classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isBlank()).map(Path::of).toList();
        Set<String> flinkLib = LocalServers.flinkLibraryJarNames();
        JobArtifact.Built built = JobArtifact.build(classpath, flinkLib, project.dir(), project.profile, out);
        long remote = 0;
        for (Path p : classpath) {
            if (Files.isRegularFile(p) && !flinkLib.contains(p.getFileName().toString())) {
                remote += Files.size(p);
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %s, %d classes, %d project files (%d duplicate entries left out)%n",
                built.jar(), mb(built.bytes()), built.classes(), built.projectFiles(), built.duplicates());
        w.printf(Locale.ROOT, "a session-cluster submission (rtw run --target HOST:PORT) ships %s of jars%n",
                mb(remote));
        w.println("largest parts:");
        built.bySource().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(8).forEach(e -> w.printf(Locale.ROOT, "  %9s  %s%n", mb(e.getValue()), e.getKey()));
        w.println("left out (the cluster's lib/ or class path has them): " + built.leftOut().size() + " jars");
        w.println("run a job: flink run-application ... " + built.jar().getFileName()
                + " jobs/FILE.sql --mode stream|batch [rtw run options]");
        w.flush();
        return 0;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
