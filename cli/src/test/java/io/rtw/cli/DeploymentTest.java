package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.ProjectRef;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployments rendered from one job of the example project's prod profile: the Flink Kubernetes Operator's
 * FlinkDeployment with the fields the operator documents as required for application mode, and the YARN command
 * line, both with the Flink settings the profile gives.
 */
class DeploymentTest {

    private static final Project PROD = new ProjectRef(Optional.of(Path.of("../sql")), Optional.of("prod"), Map.of())
            .load();
    private static final Deployment APP_UV = new Deployment("jobs/app_uv.sql", Mode.STREAM, Optional.of("prod"), 4,
            Map.of("execution.checkpointing.interval", "30 s"));
    /** What sql/rtw.yaml's prod profile says, written out by hand. */
    private static final Map<String, String> PROD_FLINK = Map.of("parallelism.default", "4",
            "execution.checkpointing.dir", "hdfs://namenode:8020/rtw/checkpoints",
            "execution.checkpointing.savepoint-dir", "hdfs://namenode:8020/rtw/savepoints",
            "execution.checkpointing.interval", "30 s");

    @Test
    @SuppressWarnings("unchecked")
    void theFlinkDeploymentHasTheOperatorsRequiredFieldsAndTheProfilesSettings() {
        String manifest = APP_UV.kubernetesManifest(PROD, "registry.example/rtw-job:7", "rtw-job.jar");
        // Plain YAML for every reader: no anchors or aliases.
        assertThat(manifest).doesNotContain("&id", "*id");
        Map<String, Object> doc = new Yaml().load(manifest);
        assertThat(doc).containsEntry("apiVersion", "flink.apache.org/v1beta1").containsEntry("kind",
                "FlinkDeployment");
        String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
        assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(45).endsWith("-app-uv");
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertThat(spec).containsEntry("image", "registry.example/rtw-job:7").containsEntry("flinkVersion", "v2_1")
                .containsEntry("serviceAccount", "flink");
        for (String role : List.of("jobManager", "taskManager")) {
            assertThat((Map<String, Object>) ((Map<String, Object>) spec.get(role)).get("resource"))
                    .containsKeys("memory", "cpu");
        }
        // The operator takes flinkConfiguration as a map of strings.
        assertThat((Map<String, Object>) spec.get("flinkConfiguration")).isEqualTo(PROD_FLINK);
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertThat(job).containsEntry("jarURI", "local:///opt/flink/usrlib/rtw-job.jar")
                .containsEntry("entryClass", "io.rtw.cli.ClusterMain").containsEntry("parallelism", 4)
                .containsEntry("upgradeMode", "savepoint").containsEntry("state", "running")
                .containsEntry("args", List.of("jobs/app_uv.sql", "--mode", "stream", "--profile", "prod"));
    }

    @Test
    void theYarnCommandLineRunsTheArtifactsEntryWithTheSameSettings() {
        List<String> cmd = APP_UV.yarnCommand(PROD, "rtw-job.jar");
        assertThat(cmd.subList(0, 4)).containsExactly("flink", "run-application", "-t", "yarn-application");
        assertThat(cmd).contains("-Dparallelism.default=4",
                "-Dexecution.checkpointing.dir=hdfs://namenode:8020/rtw/checkpoints",
                "-Dexecution.checkpointing.savepoint-dir=hdfs://namenode:8020/rtw/savepoints",
                "-Dexecution.checkpointing.interval=30 s");
        assertThat(cmd.subList(cmd.indexOf("-c"), cmd.size())).containsExactly("-c", "io.rtw.cli.ClusterMain",
                "rtw-job.jar", "jobs/app_uv.sql", "--mode", "stream", "--profile", "prod");
    }
}
