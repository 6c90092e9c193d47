package io.rtw.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One OS process of a local server: how it is launched, its pid file and log file, and the command line
 * marker that proves a pid still belongs to it.
 */
final class ManagedProcess {

    /** The system property on every launched command line that names the process and its work directory. */
    static final String MARKER_PROPERTY = "rtw.local.process";

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Path dir;
    private final String marker;

    ManagedProcess(String name, Path dir, Path workDir) {
        this.name = name;
        this.dir = dir;
        this.marker = "-D" + MARKER_PROPERTY + "=" + name + "@" + workDir;
    }

    String name() {
        return name;
    }

    Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    Path logFile() {
        return dir.resolve(name + ".log");
    }

    /** The process if its pid file names a live process that carries this process's marker; clears a stale pid file. */
    Optional<ProcessHandle> running() {
        Path pidFile = pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> carriesMarker(h.info(), marker));
        } catch (IOException | NumberFormatException e) {
            handle = Optional.empty();
        }
        if (handle.isEmpty()) {
            deleteQuietly(pidFile);
        }
        return handle;
    }

    /**
     * Whether a live process is the one the pid file names, not a later one that got its pid: its arguments carry the
     * marker. A process that has just been started reads as having no arguments at all for a moment (while it execs
     * setsid, then java: about 6% of reads in its first 300 ms here); that is taken as ours, since reading it as gone
     * would delete the pid file of a server that is starting and leave it running unmanaged.
     */
    static boolean carriesMarker(ProcessHandle.Info info, String marker) {
        Optional<String[]> args = info.arguments();
        if (args.isPresent()) {
            return Arrays.asList(args.get()).contains(marker);
        }
        return info.commandLine().map(c -> c.contains(marker)).orElse(true);
    }

    /**
     * Launches the command in its own session (so closing the terminal that ran {@code rtw local up} does not
     * stop it), appending its output to the log file, and writes the pid file.
     */
    ProcessHandle start(JavaCommand command, OptionalLong ownerPid) throws IOException {
        Files.createDirectories(dir);
        JavaCommand effective = OwnerWatchdog.wrap(command, ownerPid);
        Path argFile = dir.resolve(name + ".args");
        List<String> tokens = new ArrayList<>(effective.jvmOptions());
        tokens.add("-cp");
        tokens.add(effective.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        tokens.add(effective.mainClass());
        tokens.addAll(effective.args());
        Files.write(argFile, tokens.stream().map(ManagedProcess::quote).collect(Collectors.toList()),
                StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(marker);
        cmd.add("@" + argFile);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(effective.env());
        Process p = pb.start();
        Files.writeString(pidFile(), Long.toString(p.pid()) + System.lineSeparator());
        return p.toHandle();
    }

    /** Runs a short-lived command to completion (a format or stop tool), output appended to the log file. */
    int runToCompletion(JavaCommand command, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(command.jvmOptions());
        cmd.add("-cp");
        cmd.add(command.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(command.mainClass());
        cmd.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(command.env());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    /**
     * Stops the process if it is running: SIGTERM, then SIGKILL after {@code grace}. Returns whether a
     * process was stopped; the pid file is gone afterwards either way.
     */
    boolean stop(Duration grace) {
        Optional<ProcessHandle> h = running();
        if (h.isEmpty()) {
            return false;
        }
        terminate(h.get(), grace);
        deleteQuietly(pidFile());
        return true;
    }

    /** Kills the process at once if it is running (SIGKILL) and removes the pid file. */
    void kill() {
        running().ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // the pid file goes anyway; status re-checks the process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        deleteQuietly(pidFile());
    }

    /** Waits up to {@code timeout} for a running process to exit on its own; true if it did (or was not running). */
    boolean awaitExit(Duration timeout) {
        Optional<ProcessHandle> h = running();
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            deleteQuietly(pidFile());
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !h.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void terminate(ProcessHandle h, Duration grace) {
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // reported by the caller's status check
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            h.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Current size of the log file, so a readiness check can look only at what a new start wrote. */
    long logSize() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the log has {@code text} after byte {@code from}. */
    boolean logContains(long from, String text) {
        Path log = logFile();
        if (!Files.exists(log)) {
            return false;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len <= from) {
                return false;
            }
            byte[] buf = new byte[(int) Math.min(len - from, 64L * 1024 * 1024)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the log file (empty if there is none). */
    List<String> tail(int lines) {
        return tail(logFile(), lines);
    }

    static List<String> tail(Path log, int lines) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long chunk = Math.min(len, Math.max(64L * 1024, lines * 400L));
            byte[] buf = new byte[(int) chunk];
            f.seek(len - chunk);
            f.readFully(buf);
            List<String> all = new String(buf, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
            if (chunk < len && !all.isEmpty()) {
                all.remove(0); // probably a partial line
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static String quote(String token) {
        return '"' + token.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale pid file is re-checked on every use
        }
    }
}
