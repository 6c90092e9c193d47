package io.rtw.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The example warehouse of {@code sql/} as this module can load it: its rtw.yaml and the app_events
 * meta-table (the serving table's hbase kind lives in kv-hbase, which this module does not depend on).
 */
public final class ExampleProject {

    private ExampleProject() {}

    /** A copy of the example in a fresh directory under {@code java.io.tmpdir}. */
    public static Path copy() {
        try {
            Path dir = Files.createTempDirectory("rtw-example");
            Files.createDirectories(dir.resolve("meta"));
            Files.copy(Path.of("../sql/rtw.yaml"), dir.resolve("rtw.yaml"));
            Files.copy(Path.of("../sql/meta/app_events.yaml"), dir.resolve("meta/app_events.yaml"));
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the copy with these variables and profile, {@code rtw.home} = {@code home}. */
    public static Project load(Path home, Map<String, String> vars, Optional<String> profile) {
        return Project.load(copy(), new Project.Options(profile, vars, Secrets.of(Map.of()), home));
    }
}
