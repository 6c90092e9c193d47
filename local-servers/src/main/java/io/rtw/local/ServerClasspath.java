package io.rtw.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jars of one server, read from the {@code io/rtw/local/<name>.classpath} resource that the module's
 * build resolved (see the package documentation) and mapped onto the local Maven repository.
 */
final class ServerClasspath {

    /** The token the build put where the local repository's path goes. */
    static final String REPO_TOKEN = "M2_REPO";

    private ServerClasspath() {}

    /** The jars of server {@code name} ("kafka", "hbase", "flink"), each checked to exist. */
    static List<Path> jars(String name) {
        Path repo = mavenRepository();
        List<Path> jars = new ArrayList<>();
        for (String entry : entries(name)) {
            String relative = entry.startsWith(REPO_TOKEN + "/") ? entry.substring(REPO_TOKEN.length() + 1) : entry;
            Path jar = repo.resolve(relative);
            if (!Files.isRegularFile(jar)) {
                throw new LocalServersException("the " + name + " server needs " + jar + ", which is not there; "
                        + "build rtw with Maven on this machine (mvn install) or point -Drtw.maven.repo / "
                        + "RTW_MAVEN_REPO (or <localRepository> in ~/.m2/settings.xml) at the Maven repository "
                        + "that holds it", true);
            }
            jars.add(jar);
        }
        return jars;
    }

    /** The class path entries of server {@code name} as the build wrote them (relative to the repository token). */
    static List<String> entries(String name) {
        String resource = name + ".classpath";
        try (InputStream in = ServerClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalServersException("classpath resource io/rtw/local/" + resource
                        + " is missing: rtw-local-servers was not built by Maven", false);
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"))
                    .filter(e -> !e.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where rtw-local-servers' own classes are (a jar or a classes directory), for the owner watchdog. */
    static Path ownLocation() {
        try {
            return Path.of(ServerClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate rtw-local-servers' classes", e);
        }
    }

    /** The local Maven repository, found as Maven finds it ({@link MavenRepository}). */
    static Path mavenRepository() {
        try {
            return MavenRepository.find();
        } catch (MavenRepository.UnreadableSettings e) {
            throw new LocalServersException(e.getMessage(), true);
        }
    }
}
