package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one job of a project runs in application mode, whatever starts the cluster: the job artifact's entry arguments
 * and the Flink settings the profile gives. The local application cluster ({@code rtw deploy}), the Kubernetes
 * operator's {@code FlinkDeployment} and the YARN command line are all rendered from one value, so they run the job
 * the same way.
 *
 * @param jobFile the job file relative to the project ({@code jobs/app_uv.sql})
 * @param profile the profile the job runs with; empty for the project's default
 * @param overrides Flink settings over the profile's ({@code -D})
 */
record Deployment(String jobFile, Mode mode, Optional<String> profile, int parallelism,
        Map<String, String> overrides) {

    /** Where the artifact is in the Flink image the Kubernetes operator starts ({@code usrlib/}, as Flink's docs put it). */
    static final String IMAGE_USRLIB = "/opt/flink/usrlib/";

    /**
     * The Flink settings of the job's cluster: its parallelism, where checkpoints and savepoints go (the project's
     * {@code checkpoints.dir} and {@code savepoints.dir}: shared storage every node reaches), then the overrides.
     */
    Map<String, String> flinkConfiguration(Project project) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("parallelism.default", Integer.toString(parallelism));
        project.variables().get("checkpoints.dir").filter(d -> !d.isBlank())
                .ifPresent(d -> conf.put("execution.checkpointing.dir", d));
        project.variables().get("savepoints.dir").filter(d -> !d.isBlank())
                .ifPresent(d -> conf.put("execution.checkpointing.savepoint-dir", d));
        conf.putAll(overrides);
        return conf;
    }

    /** The artifact's entry arguments: the job file, its mode and profile, as {@code rtw run} takes them. */
    List<String> programArgs() {
        List<String> args = new ArrayList<>(List.of(jobFile, "--mode", mode.id()));
        profile.ifPresent(p -> args.addAll(List.of("--profile", p)));
        return args;
    }

    /** A Kubernetes name for the job: {@code rtw-<project>-<job>}, lower case, letters, digits and dashes. */
    String name(Project project) {
        String job = jobFile.substring(jobFile.lastIndexOf('/') + 1).replaceFirst("\\.sql$", "");
        String name = ("rtw-" + project.name() + "-" + job).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("-+", "-");
        return name.length() > 45 ? name.substring(0, 45).replaceAll("-$", "") : name;
    }

    /**
     * The Flink Kubernetes Operator's {@code FlinkDeployment} for the job: application mode, the artifact (baked into
     * {@code image} under {@link #IMAGE_USRLIB}) as {@code jarURI}, {@code upgradeMode: savepoint} so a spec change
     * stops the job with a savepoint and starts the new spec from it.
     */
    String kubernetesManifest(Project project, String image, String jar) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("jarURI", "local://" + IMAGE_USRLIB + jar);
        job.put("entryClass", ClusterMain.class.getName());
        job.put("args", programArgs());
        job.put("parallelism", parallelism);
        job.put("upgradeMode", "savepoint");
        job.put("state", "running");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", image);
        spec.put("flinkVersion", "v2_1");
        spec.put("serviceAccount", "flink");
        spec.put("flinkConfiguration", flinkConfiguration(project));
        // One map each: a shared one would be written as a YAML anchor and alias.
        spec.put("jobManager", Map.of("resource", resource()));
        spec.put("taskManager", Map.of("resource", resource()));
        spec.put("job", job);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "flink.apache.org/v1beta1");
        doc.put("kind", "FlinkDeployment");
        doc.put("metadata", Map.of("name", name(project)));
        doc.put("spec", spec);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setPrettyFlow(true);
        return "# rtw package: job " + jobFile + " of project " + project.name() + " in application mode\n"
                + new Yaml(options).dump(doc);
    }

    /** A JobManager's or TaskManager's pod resources. */
    private static Map<String, Object> resource() {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("memory", "2048m");
        resource.put("cpu", 1);
        return resource;
    }

    /** The YARN application-mode command line: {@code flink run-application -t yarn-application ...}. */
    List<String> yarnCommand(Project project, String jar) {
        List<String> cmd = new ArrayList<>(List.of("flink", "run-application", "-t", "yarn-application",
                "-Dyarn.application.name=" + name(project)));
        flinkConfiguration(project).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-c", ClusterMain.class.getName(), jar));
        cmd.addAll(programArgs());
        return cmd;
    }
}
