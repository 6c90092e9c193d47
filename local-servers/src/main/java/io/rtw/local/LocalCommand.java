package io.rtw.local;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code rtw local up|down|status|logs}: real Kafka, HBase and Flink on 127.0.0.1 for development. Register
 * it as a subcommand of the top-level command ({@code subcommands = LocalCommand.class}).
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs Kafka (KRaft), HBase (standalone) and a Flink session cluster as local processes on "
                + "127.0.0.1, with every file under one work directory.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.Status.class,
                LocalCommand.Logs.class},
        footer = {"", "Examples:", "  rtw local up", "  rtw local status", "  rtw local logs hbase -n 100",
                "  rtw local down"})
public final class LocalCommand {

    /** Exit code for a mistake the user can fix. */
    static final int USER_ERROR = 1;
    /** Exit code for a server that failed on its own. */
    static final int INTERNAL_ERROR = 2;

    /** The work directory option every subcommand shares. */
    static final class WorkDir {
        @Option(names = "--work-dir", paramLabel = "DIR",
                description = "Where the servers keep configuration, data, logs and pid files. "
                        + "Default: $RTW_HOME/local, else ./.rtw/local.")
        Path dir;

        Path resolve() {
            return dir != null ? dir : LocalSettings.defaultWorkDir();
        }
    }

    /** {@code rtw local up [SERVER...]}. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Starts the servers that are not running and waits until each answers a real request "
                    + "(Kafka: produce and consume; HBase: put and get; Flink: a registered TaskManager). "
                    + "Servers already running are left alone. If one fails, the others started are stopped "
                    + "and the tail of its log is printed.",
            footer = {"", "Examples:", "  rtw local up", "  rtw local up kafka hbase",
                    "  rtw local up --kafka-port 19092 --flink-rest-port 18081"})
    static final class Up implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WorkDir workDir;

        @Parameters(arity = "0..*", paramLabel = "SERVER",
                description = "kafka, hbase or flink. Default: all three.")
        List<String> servers = new ArrayList<>();

        @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
                description = "Kafka listener (bootstrap servers). Default: ${DEFAULT-VALUE}.")
        int kafkaPort;
        @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "9093",
                description = "Kafka KRaft controller. Default: ${DEFAULT-VALUE}.")
        int kafkaControllerPort;
        @Option(names = "--zookeeper-port", paramLabel = "PORT", defaultValue = "2181",
                description = "HBase's ZooKeeper (what HBase clients use). Default: ${DEFAULT-VALUE}.")
        int zookeeperPort;
        @Option(names = "--hbase-master-port", paramLabel = "PORT", defaultValue = "16000",
                description = "HBase master RPC. Default: ${DEFAULT-VALUE}.")
        int hbaseMasterPort;
        @Option(names = "--hbase-regionserver-port", paramLabel = "PORT", defaultValue = "16020",
                description = "HBase region server RPC. Default: ${DEFAULT-VALUE}.")
        int hbaseRegionServerPort;
        @Option(names = "--flink-rest-port", paramLabel = "PORT", defaultValue = "8081",
                description = "Flink REST API and web UI. Default: ${DEFAULT-VALUE}.")
        int flinkRestPort;
        @Option(names = "--flink-rpc-port", paramLabel = "PORT", defaultValue = "6123",
                description = "Flink JobManager RPC. Default: ${DEFAULT-VALUE}.")
        int flinkRpcPort;
        @Option(names = "--flink-slots", paramLabel = "N", defaultValue = "2",
                description = "Task slots of the TaskManager. Default: ${DEFAULT-VALUE}.")
        int flinkSlots;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for the servers to be ready. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        @Override
        public Integer call() {
            return run(spec, () -> {
                if (timeoutSeconds < 1) {
                    throw new LocalServersException("--timeout must be at least 1 second, got " + timeoutSeconds, true);
                }
                LocalSettings settings = new LocalSettings(workDir.resolve(), kafkaPort, kafkaControllerPort,
                        zookeeperPort, hbaseMasterPort, hbaseRegionServerPort, flinkRestPort, flinkRpcPort,
                        flinkSlots, Duration.ofSeconds(timeoutSeconds), OptionalLong.empty());
                PrintWriter out = spec.commandLine().getOut();
                List<ServerStatus> st = new LocalServers(settings).up(parse(servers), line -> {
                    out.println(line);
                    out.flush();
                });
                printStatus(out, st, settings.workDir());
            });
        }
    }

    /** {@code rtw local down [SERVER...]}. */
    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the servers started from the work directory, by the pids it recorded; nothing "
                    + "else is touched. Data stays in the work directory for the next up.",
            footer = {"", "Examples:", "  rtw local down", "  rtw local down flink"})
    static final class Down implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WorkDir workDir;

        @Parameters(arity = "0..*", paramLabel = "SERVER",
                description = "kafka, hbase or flink. Default: all three.")
        List<String> servers = new ArrayList<>();

        @Override
        public Integer call() {
            return run(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                new LocalServers(LocalSettings.defaults(workDir.resolve())).down(parse(servers), line -> {
                    out.println(line);
                    out.flush();
                });
            });
        }
    }

    /** {@code rtw local status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows which servers run, their pids and the addresses clients use.",
            footer = {"", "Examples:", "  rtw local status", "  rtw local status --format json"})
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WorkDir workDir;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (aligned, for people) or json (one object, for scripts). "
                        + "Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            return run(spec, () -> {
                if (!format.equals("text") && !format.equals("json")) {
                    throw new LocalServersException("unknown format '" + format + "'; expected text or json", true);
                }
                Path dir = workDir.resolve();
                List<ServerStatus> st = new LocalServers(LocalSettings.defaults(dir)).status();
                PrintWriter out = spec.commandLine().getOut();
                if (format.equals("json")) {
                    out.println(toJson(st, dir));
                } else {
                    printStatus(out, st, dir);
                }
            });
        }
    }

    /** {@code rtw local logs SERVER}. */
    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Prints the end of a server's log (Flink: the JobManager's, then the TaskManager's).",
            footer = {"", "Examples:", "  rtw local logs kafka", "  rtw local logs hbase -n 200",
                    "  rtw local logs flink --follow"})
    static final class Logs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin WorkDir workDir;

        @Parameters(paramLabel = "SERVER", description = "kafka, hbase or flink.")
        String server;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50",
                description = "How many lines from the end. Default: ${DEFAULT-VALUE}.")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended until interrupted.")
        boolean follow;

        @Override
        public Integer call() {
            return run(spec, () -> {
                Server s = Server.parse(server);
                if (lines < 0) {
                    throw new LocalServersException("--lines must be 0 or more, got " + lines, true);
                }
                List<Path> logs = new LocalServers(LocalSettings.defaults(workDir.resolve())).logFiles(s);
                PrintWriter out = spec.commandLine().getOut();
                boolean any = false;
                for (Path log : logs) {
                    if (!Files.exists(log)) {
                        continue;
                    }
                    any = true;
                    if (logs.size() > 1) {
                        out.println("==> " + log + " <==");
                    }
                    for (String line : LocalServers.tail(log, lines)) {
                        out.println(line);
                    }
                }
                if (!any) {
                    throw new LocalServersException("no log for " + s + " under " + workDir.resolve()
                            + "; has it been started there (rtw local up " + s + ")?", true);
                }
                out.flush();
                if (follow) {
                    follow(out, logs);
                }
            });
        }

        private static void follow(PrintWriter out, List<Path> logs) throws IOException, InterruptedException {
            Map<Path, Long> pos = new LinkedHashMap<>();
            for (Path log : logs) {
                pos.put(log, Files.exists(log) ? Files.size(log) : 0L);
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (Map.Entry<Path, Long> e : pos.entrySet()) {
                    Path log = e.getKey();
                    if (!Files.exists(log) || Files.size(log) <= e.getValue()) {
                        continue;
                    }
                    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                        long len = f.length();
                        byte[] buf = new byte[(int) Math.min(len - e.getValue(), 1 << 20)];
                        f.seek(e.getValue());
                        f.readFully(buf);
                        e.setValue(e.getValue() + buf.length);
                        String prefix = logs.size() > 1 ? log.getFileName() + ": " : "";
                        new String(buf, StandardCharsets.UTF_8).lines().forEach(l -> out.println(prefix + l));
                        out.flush();
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    /** A body of a subcommand that may fail. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}; a {@link LocalServersException} is printed without a stack trace as exit code 1 or 2. */
    static int run(CommandSpec spec, Body body) {
        try {
            body.run();
            return 0;
        } catch (LocalServersException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("rtw: " + e.getMessage());
            err.flush();
            return e.userError() ? USER_ERROR : INTERNAL_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return INTERNAL_ERROR;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<Server> parse(List<String> names) {
        if (names.isEmpty()) {
            return EnumSet.allOf(Server.class);
        }
        Set<Server> out = EnumSet.noneOf(Server.class);
        for (String n : names) {
            for (String part : n.split(",")) {
                if (!part.isBlank()) {
                    out.add(Server.parse(part));
                }
            }
        }
        return out;
    }

    static void printStatus(PrintWriter out, List<ServerStatus> statuses, Path workDir) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVER", "STATE", "PID", "ADDRESS"});
        for (ServerStatus s : statuses) {
            rows.add(new String[] {s.server().id(), s.running() ? "running" : "stopped",
                    s.pids().isEmpty() ? "-" : String.join(",", s.pids().stream().map(String::valueOf).toList()),
                    s.running() ? s.address() : "-"});
        }
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i < r.length - 1 ? String.format("%-" + (width[i] + 2) + "s", r[i]) : r[i]);
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("work directory: " + workDir);
        out.flush();
    }

    static String toJson(List<ServerStatus> statuses, Path workDir) {
        StringBuilder j = new StringBuilder("{\"workDir\":").append(quote(workDir.toString())).append(",\"servers\":[");
        for (int i = 0; i < statuses.size(); i++) {
            ServerStatus s = statuses.get(i);
            if (i > 0) {
                j.append(',');
            }
            j.append("{\"server\":").append(quote(s.server().id()))
                    .append(",\"running\":").append(s.running())
                    .append(",\"pids\":").append(s.pids())
                    .append(",\"address\":").append(s.running() ? quote(s.address()) : "null")
                    .append('}');
        }
        return j.append("]}").toString();
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
