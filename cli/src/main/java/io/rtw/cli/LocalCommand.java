package io.rtw.cli;

import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.local.ServerStatus;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

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

/** {@code rtw local up|down|status|logs}: real Kafka, HBase and Flink on 127.0.0.1 for development. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs Kafka (KRaft), HBase (standalone) and a Flink session cluster as local processes on "
                + "127.0.0.1, with every file under one work directory.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.Status.class,
                LocalCommand.Logs.class},
        footer = {"", "Examples:", "  rtw local up", "  rtw local status", "  rtw local logs hbase -n 100",
                "  rtw local down"})
final class LocalCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            if (timeoutSeconds < 1) {
                throw new UserException("--timeout must be at least 1 second, got " + timeoutSeconds);
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
            return 0;
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
            PrintWriter out = spec.commandLine().getOut();
            new LocalServers(LocalSettings.defaults(workDir.resolve())).down(parse(servers), line -> {
                out.println(line);
                out.flush();
            });
            return 0;
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
            if (!format.equals("text") && !format.equals("json")) {
                throw new UserException("unknown format '" + format + "'; expected text or json");
            }
            Path dir = workDir.resolve();
            List<ServerStatus> st = new LocalServers(LocalSettings.defaults(dir)).status();
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                out.println(toJson(st, dir));
            } else {
                printStatus(out, st, dir);
            }
            return 0;
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
        public Integer call() throws Exception {
            Server s = Server.parse(server);
            if (lines < 0) {
                throw new UserException("--lines must be 0 or more, got " + lines);
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
                throw new UserException("no log for " + s + " under " + workDir.resolve()
                        + "; has it been started there (rtw local up " + s + ")?");
            }
            out.flush();
            if (follow) {
                follow(out, logs);
            }
            return 0;
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
        TextTable t = TextTable.withoutRule("SERVER", "STATE", "PID", "ADDRESS");
        for (ServerStatus s : statuses) {
            t.row(s.server().id(), s.running() ? "running" : "stopped",
                    s.pids().isEmpty() ? "-" : String.join(",", s.pids().stream().map(String::valueOf).toList()),
                    s.running() ? s.address() : "-");
        }
        t.print(out);
        out.println("work directory: " + workDir);
        out.flush();
    }

    static String toJson(List<ServerStatus> statuses, Path workDir) {
        ObjectNode j = JSON.createObjectNode().put("workDir", workDir.toString());
        ArrayNode servers = j.putArray("servers");
        for (ServerStatus s : statuses) {
            ObjectNode o = servers.addObject().put("server", s.server().id()).put("running", s.running());
            ArrayNode pids = o.putArray("pids");
            s.pids().forEach(pids::add);
            o.put("address", s.running() ? s.address() : null);
        }
        return j.toString();
    }
}
