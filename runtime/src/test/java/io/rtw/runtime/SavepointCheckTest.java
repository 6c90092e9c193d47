package io.rtw.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --from-savepoint on this machine is checked before a local run plans anything. */
class SavepointCheckTest {

    @TempDir Path dir;

    @Test
    void aSavepointDirectoryOrItsMetadataFileIsTakenInEverySpelling() throws IOException {
        Path savepoint = Files.createDirectories(dir.resolve("savepoint-7b2d49-48d30e875430"));
        Files.write(savepoint.resolve("_metadata"), new byte[] {1});

        for (String location : new String[] {savepoint.toString(), savepoint.toUri().toString(),
                "file:" + savepoint, savepoint.resolve("_metadata").toString(), "hdfs://nn:8020/savepoints/sp-1"}) {
            assertThatCode(() -> JobSubmitter.checkSavepoint(location)).as(location).doesNotThrowAnyException();
        }
    }

    @Test
    void aMissingSavepointOrADirectoryWithoutMetadataIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        for (Path location : new Path[] {dir.resolve("missing"), empty}) {
            assertThatThrownBy(() -> JobSubmitter.checkSavepoint(location.toString())).isInstanceOf(JobException.class)
                    .hasMessage("no savepoint or checkpoint at " + location + " (a directory holding _metadata); "
                            + "nothing was run");
        }
    }
}
