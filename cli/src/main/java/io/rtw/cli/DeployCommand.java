package io.rtw.cli;

import io.rtw.local.ApplicationCluster;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rtw deploy JOB_FILE}: runs one job in application mode on this machine, as a cluster runs it: the project's job
 * artifact in the usrlib/ of a Flink standalone application cluster whose JobManager and TaskManagers are processes
 * of their own.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Runs a job in application mode on this machine: builds the job artifact (rtw package), starts "
                + "Flink's standalone-job entry point with it in usrlib/ and TaskManagers as separate processes on "
                + "127.0.0.1, and waits until the job ends (rtw jobs stop --target with the printed address stops it "
                + "with a savepoint) or Ctrl-C, which stops the cluster.",
        footer = {"", "Examples:", "  rtw deploy sql/jobs/app_uv.sql --taskmanagers 2 --parallelism 4"})
final class DeployCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Parameters(paramLabel = "JOB_FILE", description = "The job file, in the project's directory.")
    Path file;

    @Option(names = "--mode", defaultValue = "stream", paramLabel = "MODE", description = "stream or batch. Default: "
            + "${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--parallelism", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--taskmanagers", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int taskManagers;

    @Option(names = "--slots", defaultValue = "2", description = "Task slots per TaskManager. Default: "
            + "${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--artifact", paramLabel = "JAR", description = "A jar rtw package built. Default: build one.")
    Path artifact;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink settings over the profile's. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Project p = project.load();
        if (taskManagers < 1 || slots < 1 || parallelism < 1) {
            throw new UserException("--taskmanagers, --slots and --parallelism must be at least 1");
        }
        if (parallelism > taskManagers * slots) {
            throw new UserException("parallelism " + parallelism + " needs " + parallelism + " slots; "
                    + taskManagers + " TaskManagers of " + slots + " have " + taskManagers * slots);
        }
        Deployment d = PackageCommand.deployments(p, List.of(file), Mode.of(mode), Optional.ofNullable(project.profile),
                parallelism, conf).get(0);
        Path dir = project.options().home().resolve("deploy").resolve(d.name(p));
        List<Path> classpath = JobArtifact.clientClasspath();
        PrintWriter err = spec.commandLine().getErr();
        Path jar = artifact;
        if (jar == null) {
            err.println("building the job artifact ...");
            jar = JobArtifact.build(classpath, LocalServers.flinkLibraryJarNames(), p.dir(), project.profile,
                    dir.resolve("rtw-job.jar")).jar();
        }
        ApplicationCluster cluster = ApplicationCluster.start(clusterSpec(d, p, dir, jar, classpath, taskManagers,
                slots), Duration.ofMinutes(3));
        Thread stop = new Thread(cluster::close, "rtw-deploy-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        err.println("application cluster up: " + cluster.restUrl() + " (web UI), job " + d.jobFile() + " at "
                + "parallelism " + parallelism + " on " + taskManagers + " TaskManagers; JobManager log "
                + cluster.jobManagerLog());
        err.println("stop the job with a savepoint: rtw jobs stop JOB_ID --target 127.0.0.1:" + cluster.restPort());
        err.flush();
        cluster.awaitJobManagerExit();
        cluster.close();
        Runtime.getRuntime().removeShutdownHook(stop);
        err.println("the job has ended and the cluster is down");
        return 0;
    }

    /**
     * The local application cluster of {@code d}: the deployment's Flink settings, the artifact, and Hadoop's client
     * from {@code classpath} as the cluster's Hadoop (a cluster that runs Paimon provides one).
     */
    static ApplicationCluster.Spec clusterSpec(Deployment d, Project p, Path dir, Path jar, List<Path> classpath,
            int taskManagers, int slots) {
        List<Path> hadoop = classpath.stream().filter(e -> e.getFileName().toString().startsWith("hadoop-client-"))
                .toList();
        return new ApplicationCluster.Spec(dir, jar, ClusterMain.class.getName(), d.programArgs(), taskManagers, slots,
                d.flinkConfiguration(p), hadoop);
    }
}
