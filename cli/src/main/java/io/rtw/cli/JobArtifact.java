package io.rtw.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A job artifact: one jar with what a job needs that a Flink cluster's {@code lib/} does not hold (rtw, Paimon, the
 * Kafka connector, the HBase client, their libraries), the project's YAML and SQL under {@value #PROJECT}, and
 * {@link ClusterMain} as its entry class, so the same jar runs every job of the project in application mode.
 * Classes come from the first jar on the class path that has them (the order the client resolves them in), service
 * files of every jar are merged, signatures are dropped (a merged jar cannot keep them).
 */
final class JobArtifact {

    /** Where the project's files are inside the jar. */
    static final String PROJECT = "rtw-project/";
    /** The list of the project's files inside the jar, one relative path a line. */
    static final String INDEX = PROJECT + ".files";
    /** The profile and project the jar was built for. */
    static final String PROPERTIES = "rtw-job.properties";

    /**
     * Jars every Flink cluster provides or that a job must take from the cluster: logging (Flink's lib has its
     * backend), and Hadoop's client (a cluster that reads HDFS puts its own Hadoop on the class path, as Flink's
     * documentation asks, and two Hadoops clash).
     */
    private static final Predicate<String> CLUSTER_PROVIDES = name -> name.startsWith("slf4j-")
            || name.startsWith("log4j-") || name.startsWith("hadoop-client-");

    /** What went in: bytes per source entry, and counts. */
    record Built(Path jar, long bytes, Map<String, Long> bySource, int classes, int duplicates, int projectFiles,
            List<String> leftOut) {}

    private JobArtifact() {}

    /**
     * Builds the jar.
     *
     * @param classpath the client's class path, in order
     * @param flinkLib file names of the jars the cluster's {@code lib/} holds
     * @param project the project directory
     * @param profile the profile jobs run with, if not the project's default
     */
    static Built build(List<Path> classpath, Set<String> flinkLib, Path project, String profile, Path out) {
        Map<String, Long> bySource = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        Set<String> written = new HashSet<>();
        Map<String, Set<String>> services = new TreeMap<>();
        int[] classes = new int[1];
        int duplicates = 0;
        List<String> files;
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ClusterMain.class.getName());
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out), manifest)) {
                written.add(JarFile.MANIFEST_NAME);
                written.add("META-INF/");
                files = projectFiles(project);
                for (String f : files) {
                    put(jar, written, PROJECT + f, Files.readAllBytes(project.resolve(f)));
                }
                put(jar, written, INDEX, String.join("\n", files).getBytes(StandardCharsets.UTF_8));
                Properties props = new Properties();
                props.setProperty("project", project.toAbsolutePath().normalize().getFileName().toString());
                if (profile != null) {
                    props.setProperty("profile", profile);
                }
                ByteArrayOutputStream p = new ByteArrayOutputStream();
                props.store(p, "rtw job artifact");
                put(jar, written, PROPERTIES, p.toByteArray());
                for (Path entry : classpath) {
                    String name = entry.getFileName().toString();
                    if (Files.isRegularFile(entry) && (flinkLib.contains(name) || CLUSTER_PROVIDES.test(name))) {
                        leftOut.add(name);
                        continue;
                    }
                    long before = Files.size(out);
                    duplicates += Files.isDirectory(entry) ? copyDirectory(entry, jar, written, services, classes)
                            : Files.isRegularFile(entry) ? copyJar(entry, jar, written, services, classes) : 0;
                    jar.flush();
                    bySource.put(name, Files.size(out) - before);
                }
                for (Map.Entry<String, Set<String>> s : services.entrySet()) {
                    put(jar, written, s.getKey(), (String.join("\n", s.getValue()) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Built(out, Files.size(out), bySource, classes[0], duplicates, files.size(), leftOut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job artifact " + out + ": " + e.getMessage(), e);
        }
    }

    /** This process's class path, in order: what a job artifact is built from. */
    static List<Path> clientClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> !e.isBlank())
                .map(Path::of).toList();
    }

    /** The project's files, relative, without hidden files and build output. */
    static List<String> projectFiles(Path project) throws IOException {
        try (Stream<Path> walk = Files.walk(project)) {
            return walk.filter(Files::isRegularFile).map(f -> project.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> Stream.of(f.split("/")).noneMatch(part -> part.startsWith(".")
                            || part.equals("target")))
                    .sorted().toList();
        }
    }

    private static int copyJar(Path source, JarOutputStream jar, Set<String> written, Map<String, Set<String>> services,
            int[] classes) throws IOException {
        int duplicates = 0;
        try (JarFile in = new JarFile(source.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
                if (e.isDirectory()) {
                    // Kept: libraries find resource directories by name (Paimon loads its code generator so).
                    put(jar, written, e.getName(), new byte[0]);
                    continue;
                }
                try (InputStream data = in.getInputStream(e)) {
                    duplicates += add(e.getName(), data.readAllBytes(), jar, written, services, classes);
                }
            }
        }
        return duplicates;
    }

    private static int copyDirectory(Path dir, JarOutputStream jar, Set<String> written,
            Map<String, Set<String>> services, int[] classes) throws IOException {
        int duplicates = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                duplicates += add(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), jar,
                        written, services, classes);
            }
        }
        return duplicates;
    }

    /** Adds one entry of a source; 1 when an earlier source had it. */
    private static int add(String name, byte[] data, JarOutputStream jar, Set<String> written,
            Map<String, Set<String>> services, int[] classes) throws IOException {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")
                || upper.startsWith("META-INF/") && (upper.endsWith(".SF") || upper.endsWith(".DSA")
                        || upper.endsWith(".RSA") || upper.endsWith(".EC"))) {
            return 0;
        }
        if (name.startsWith("META-INF/services/") && !name.endsWith("/")) {
            Set<String> lines = services.computeIfAbsent(name, k -> new LinkedHashSet<>());
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    lines.add(l);
                }
            }
            return 0;
        }
        if (!put(jar, written, name, data)) {
            return 1;
        }
        if (name.endsWith(".class")) {
            classes[0]++;
        }
        return 0;
    }

    private static boolean put(JarOutputStream jar, Set<String> written, String name, byte[] data)
            throws IOException {
        if (!written.add(name)) {
            return false;
        }
        JarEntry e = new JarEntry(name);
        // Fixed times: the same inputs give the same bytes.
        e.setTime(315_532_800_000L);
        jar.putNextEntry(e);
        jar.write(data);
        jar.closeEntry();
        return true;
    }
}
