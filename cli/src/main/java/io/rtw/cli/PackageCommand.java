package io.rtw.cli;

import io.rtw.local.LocalServers;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code rtw package}: builds the project's job artifact, the one jar a cluster needs to run any of its jobs. */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = "Builds one jar that runs every job of the project on a Flink cluster in application mode: "
                + "rtw and the connectors and formats Flink's lib/ does not hold, the project's YAML and SQL, and the "
                + "entry class io.rtw.cli.ClusterMain (arguments: the job file relative to the project, then rtw run's "
                + "options). Prints its size and what went in; for each JOB_FILE given, --k8s writes the Flink "
                + "Kubernetes Operator's FlinkDeployment and --yarn prints the YARN command line (docs/deploy.md).",
        footer = {"", "Examples:", "  rtw package --profile prod --out target/rtw-job.jar",
            "  rtw package sql/jobs/app_uv.sql --profile prod --k8s --image registry/rtw-job:1",
            "  rtw package sql/jobs/app_uv.sql --profile prod --yarn"})
final class PackageCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Parameters(paramLabel = "JOB_FILE", arity = "0..*", description = "Job files to write deployments for.")
    List<Path> jobFiles = new ArrayList<>();

    @Option(names = "--out", paramLabel = "JAR", defaultValue = "rtw-job.jar",
            description = "Where to write the jar. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--mode", defaultValue = "stream", paramLabel = "MODE",
            description = "The jobs' mode in their deployments. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--parallelism", defaultValue = "4", description = "The jobs' parallelism. Default: "
            + "${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--k8s", description = "Write a FlinkDeployment manifest per job file beside the jar.")
    boolean k8s;

    @Option(names = "--image", defaultValue = "flink:2.1.1-java17", paramLabel = "IMAGE",
            description = "The Flink image that holds the jar in " + Deployment.IMAGE_USRLIB + " (FROM flink, COPY the "
                    + "jar there). Default: ${DEFAULT-VALUE}.")
    String image;

    @Option(names = "--yarn", description = "Print the flink run-application -t yarn-application command per job file.")
    boolean yarn;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink settings for the deployments, over the "
            + "profile's. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Project p = project.load();
        List<Deployment> deployments = deployments(p, jobFiles, Mode.of(mode), Optional.ofNullable(project.profile),
                parallelism, conf);
        if ((k8s || yarn) && deployments.isEmpty()) {
            throw new UserException("--k8s and --yarn write the deployment of a job: name its JOB_FILE");
        }
        List<Path> classpath = JobArtifact.clientClasspath();
        Set<String> flinkLib = LocalServers.flinkLibraryJarNames();
        JobArtifact.Built built = JobArtifact.build(classpath, flinkLib, p.dir(), project.profile, out);
        long remote = 0;
        for (Path entry : classpath) {
            if (Files.isRegularFile(entry) && !flinkLib.contains(entry.getFileName().toString())) {
                remote += Files.size(entry);
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
        w.println("left out (Flink's lib/ or the cluster's Hadoop has them): " + built.leftOut().size() + " jars");
        String jar = built.jar().getFileName().toString();
        for (Deployment d : deployments) {
            if (k8s) {
                Path manifest = built.jar().toAbsolutePath().resolveSibling(d.name(p) + ".yaml");
                Files.writeString(manifest, d.kubernetesManifest(p, image, jar));
                w.println("wrote " + manifest + " (kubectl apply -f; the image must hold " + Deployment.IMAGE_USRLIB
                        + jar + ")");
            }
            if (yarn) {
                w.println(d.yarnCommand(p, jar).stream().map(PackageCommand::shellWord)
                        .collect(Collectors.joining(" ")));
            }
        }
        w.flush();
        return 0;
    }

    /** The deployments of {@code files}, each a file of the project's directory. */
    static List<Deployment> deployments(Project p, List<Path> files, Mode mode, Optional<String> profile,
            int parallelism, Map<String, String> conf) {
        List<Deployment> out = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            if (!abs.startsWith(p.dir()) || !Files.isRegularFile(abs)) {
                throw new UserException("job file " + f + " is not a file of the project " + p.dir());
            }
            out.add(new Deployment(p.dir().relativize(abs).toString().replace('\\', '/'), mode, profile, parallelism,
                    conf));
        }
        return out;
    }

    private static String shellWord(String w) {
        return w.matches("[A-Za-z0-9_./:=,@%+-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
