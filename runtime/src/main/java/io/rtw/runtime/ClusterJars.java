package io.rtw.runtime;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a job submitted to a Flink cluster takes along ({@code pipeline.jars}): every entry of the
 * client's class path that the cluster's JobManager does not already have. The cluster reports its class path
 * through its REST API, so what ships adapts to the cluster: Flink's own jars and whatever its {@code lib/}
 * holds stay there; rtw's jars (functions, the rtw-json format, the HBase connector), the Kafka connector,
 * Paimon, Hadoop and any connector the user adds to the client's class path travel with the job. A class
 * directory (an IDE or test run) is packed into a temporary jar.
 */
final class ClusterJars {

    private ClusterJars() {}

    /** The {@code pipeline.jars} URLs for a job of this process submitted to the cluster at {@code host:port}. */
    static List<String> forCluster(String host, int port) {
        List<String> cluster;
        try {
            cluster = new FlinkRest(host, port).classpath();
        } catch (IOException e) {
            throw new JobException("cannot read the class path of the Flink cluster at " + host + ":" + port + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobException("interrupted while asking " + host + ":" + port + " for its class path");
        }
        List<String> urls = new ArrayList<>();
        for (Path p : shipped(entries(System.getProperty("java.class.path")), cluster)) {
            urls.add(p.toUri().toString());
        }
        return urls;
    }

    /**
     * The client entries the cluster lacks, in class-path order: a jar is on the cluster when a jar of the same
     * file name is (the same artifact and version, wherever its directory), a directory when the same directory
     * is (a cluster in this process); directories that ship are packed into jars.
     */
    static List<Path> shipped(List<Path> client, List<String> cluster) {
        Set<String> jarNames = new HashSet<>();
        Set<Path> dirs = new HashSet<>();
        for (Path p : entries(String.join(File.pathSeparator, cluster))) {
            jarNames.add(p.getFileName().toString());
            dirs.add(p.toAbsolutePath().normalize());
        }
        List<Path> out = new ArrayList<>();
        for (Path p : client) {
            if (Files.isRegularFile(p) && !jarNames.contains(p.getFileName().toString())) {
                out.add(p);
            } else if (Files.isDirectory(p) && !dirs.contains(p.toAbsolutePath().normalize())) {
                packed(p).ifPresent(out::add);
            }
        }
        return out;
    }

    private static List<Path> entries(String classpath) {
        List<Path> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    /** A temporary jar of {@code dir}'s files, empty when it has none; deleted when this process exits. */
    private static Optional<Path> packed(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                return Optional.empty();
            }
            Path jar = Files.createTempFile("rtw-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
                for (Path f : files) {
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return Optional.of(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack class directory " + dir + " into a jar", e);
        }
    }
}
