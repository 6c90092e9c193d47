package io.rtw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The entry class of a job artifact ({@code rtw package}): in the JobManager (application mode) it writes the
 * project the jar carries to a temporary directory, compiles it there and runs one job with {@code rtw run}'s
 * code on the cluster it runs in. Arguments are {@code rtw run}'s, the job file relative to the project:
 * {@code jobs/app_uv.sql --mode stream}. A failure is thrown, never {@code System.exit}, which would end the
 * JobManager.
 */
public final class ClusterMain {

    private ClusterMain() {}

    /** Runs the job; throws when {@code rtw run} fails. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new IllegalArgumentException("the first argument is the job file, relative to the project: e.g. "
                    + "jobs/app_uv.sql --mode stream");
        }
        Properties props = new Properties();
        try (InputStream in = resource(JobArtifact.PROPERTIES)) {
            props.load(in);
        }
        Path dir = Files.createTempDirectory("rtw-project-");
        extract(dir);
        List<String> run = new ArrayList<>(List.of("run", dir.resolve(args[0]).toString(), "--project",
                dir.toString(), "--target", "cluster"));
        String profile = props.getProperty("profile");
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (profile != null && !rest.contains("--profile")) {
            run.addAll(List.of("--profile", profile));
        }
        run.addAll(rest);
        int code = Rtw.commandLine().execute(run.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("rtw run " + String.join(" ", args) + " failed (exit code " + code
                    + "); its message is above in this log");
        }
    }

    /** Writes the project's files the jar carries under {@code dir}. */
    static void extract(Path dir) throws IOException {
        String index;
        try (InputStream in = resource(JobArtifact.INDEX)) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String file : index.split("\n")) {
            if (file.isBlank()) {
                continue;
            }
            Path target = dir.resolve(file).normalize();
            if (!target.startsWith(dir)) {
                throw new IllegalStateException("the artifact's project file " + file + " leaves the project");
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = resource(JobArtifact.PROJECT + file)) {
                Files.copy(in, target);
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ClusterMain.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException(name + " is not on the class path: run ClusterMain "
                    + "from a jar that rtw package built"));
        }
        return in;
    }
}
