package io.rtw.runtime;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The notice in a JVM of its own: printed when SIGTERM ends the process mid-step, not after the step closed it. */
class ExitNoticeTest {

    @Test
    void aSignalMidStepPrintsTheLine() throws Exception {
        Process p = child("wait");
        assertThat(new String(p.getInputStream().readNBytes("waiting\n".length()), StandardCharsets.UTF_8))
                .isEqualTo("waiting\n");
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("left behind: the servers\n");
    }

    @Test
    void aClosedStepPrintsNothing() throws Exception {
        Process p = child("close");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }

    private static Process child(String mode) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode).start();
    }

    /** The child JVM: a step with a notice that either waits to be killed or closes and exits. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            PrintWriter err = new PrintWriter(System.err, true);
            ExitNotice notice = ExitNotice.whileRunning(err, "left behind: the servers");
            if (args[0].equals("close")) {
                notice.close();
                return;
            }
            System.out.println("waiting");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
