package io.rtw.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which live process a pid file names: one whose arguments carry the marker, or one too new to show any. */
class ManagedProcessTest {

    private static final String MARKER = "-Drtw.local.process=hbase@/tmp/w";

    /** What the operating system tells of a process. */
    private record Info(Optional<String[]> arguments, Optional<String> commandLine) implements ProcessHandle.Info {
        @Override
        public Optional<String> command() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> startInstant() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> totalCpuDuration() {
            return Optional.empty();
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }

    @Test
    void aProcessIsOursWhenItsArgumentsOrCommandLineCarryTheMarker() {
        assertThat(ManagedProcess.carriesMarker(new Info(Optional.of(new String[] {MARKER, "@hbase.args"}),
                Optional.empty()), MARKER)).isTrue();
        assertThat(ManagedProcess.carriesMarker(new Info(Optional.empty(),
                Optional.of("/usr/bin/java " + MARKER + " @hbase.args")), MARKER)).isTrue();
    }

    @Test
    void anotherProcessWithTheSamePidIsNotOurs() {
        assertThat(ManagedProcess.carriesMarker(new Info(Optional.of(new String[] {"-jar", "other.jar"}),
                Optional.empty()), MARKER)).isFalse();
        assertThat(ManagedProcess.carriesMarker(new Info(Optional.empty(), Optional.of("/usr/sbin/sshd -D")), MARKER))
                .isFalse();
    }

    @Test
    void aProcessTooNewToShowItsArgumentsIsOursNotGone() {
        // Right after start, while it execs setsid and then java, /proc shows neither (about 6% of reads).
        assertThat(ManagedProcess.carriesMarker(new Info(Optional.empty(), Optional.empty()), MARKER)).isTrue();
    }
}
