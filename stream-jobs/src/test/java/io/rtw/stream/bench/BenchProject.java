package io.rtw.stream.bench;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A benchmark's copy of a project (the example's sql/ by default) with the few settings a benchmark varies, each
 * edited in the meta-table YAML as a user would write it and checked on the loaded project afterwards: the type of
 * {@code user_id} (column, stream and batch fields), the event time's {@code watermark-delay}, and options added to
 * every {@code kv:} block of kind hbase. Job files are not copied: a benchmark runs the original job file over the
 * copy.
 */
final class BenchProject {

    /** A serving table of the project stored in HBase. */
    record KvTable(String metaTable, String hbaseTable, String quorum, String family, List<String> primaryKey,
            Optional<String> versionColumn) {}

    private BenchProject() {}

    /** Copies {@code from} to {@code to} (replacing it) and applies the edits; returns what was changed. */
    static List<String> copy(Path from, Path to, Optional<String> userIdType, Optional<String> watermarkDelay,
            Map<String, String> kvOptions) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> s = Files.walk(to)) {
                s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        List<String> changes = new ArrayList<>();
        Path meta = to.resolve("meta");
        try (Stream<Path> s = Files.list(meta)) {
            for (Path yaml : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(yaml));
                int edits = 0;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (userIdType.isPresent() && line.matches("\\s*- name: user_id\\s*") && i + 1 < lines.size()
                            && lines.get(i + 1).matches("\\s*type: \\w+\\s*")) {
                        lines.set(i + 1, lines.get(i + 1).replaceFirst("type: \\w+", "type: " + userIdType.get()));
                        edits++;
                    } else if (userIdType.isPresent() && line.matches("\\s*user_id: \\w+\\s*")) {
                        lines.set(i, line.replaceFirst("user_id: \\w+", "user_id: " + userIdType.get()));
                        edits++;
                    } else if (watermarkDelay.isPresent() && line.matches("\\s*watermark-delay: \\S+\\s*")) {
                        lines.set(i, line.replaceFirst("watermark-delay: \\S+", "watermark-delay: "
                                + watermarkDelay.get()));
                        edits++;
                    } else if (!kvOptions.isEmpty() && line.matches("kv:\\s*") && hbaseBlock(lines, i)) {
                        String indent = lines.get(i + 1).replaceFirst("\\S.*", "");
                        int at = i + 1;
                        for (Map.Entry<String, String> e : kvOptions.entrySet()) {
                            lines.add(at++, indent + e.getKey() + ": \"" + e.getValue() + "\"   # bench");
                        }
                        edits++;
                    }
                }
                if (edits > 0) {
                    Files.write(yaml, lines);
                    changes.add(to.relativize(yaml) + ": " + edits + " edits");
                }
            }
        }
        return changes;
    }

    /** Whether the {@code kv:} block starting at {@code at} declares {@code kind: hbase}. */
    private static boolean hbaseBlock(List<String> lines, int at) {
        for (int i = at + 1; i < lines.size() && lines.get(i).matches("\\s+\\S.*"); i++) {
            if (lines.get(i).matches("\\s+kind:\\s*hbase\\s*")) {
                return true;
            }
        }
        return false;
    }

    /** Loads a project as the benchmark's jobs do. */
    static Project load(Path dir, Map<String, String> vars, Path home) {
        return Project.load(dir, new Project.Options(Optional.empty(), vars, Secrets.of(Map.of()), home));
    }

    /** Checks that the loaded copy has what was asked for; throws naming what is not. */
    static void check(Project p, Optional<String> userIdType, Optional<String> watermarkDelay,
            Map<String, String> kvOptions) {
        for (MetaTable t : p.tables()) {
            if (userIdType.isPresent() && t.column("user_id").isPresent()) {
                String want = userIdType.get();
                require(t.column("user_id").get().type().equalsIgnoreCase(want), t.name() + ".user_id is "
                        + t.column("user_id").get().type() + ", not " + want);
                for (Optional<Binding> b : List.of(t.stream(), t.batch())) {
                    b.ifPresent(binding -> {
                        String f = binding.fields().get("user_id");
                        require(f == null || f.equalsIgnoreCase(want), t.name() + " field user_id is " + f);
                    });
                }
            }
            if (watermarkDelay.isPresent() && t.eventTime().isPresent()) {
                Duration want = org.apache.flink.util.TimeUtils.parseDuration(watermarkDelay.get());
                require(t.eventTime().get().watermarkDelay().equals(want), t.name() + " watermark delay is "
                        + t.eventTime().get().watermarkDelay() + ", not " + want);
            }
            if (t.kv().isPresent() && t.kv().get().kind().equals("hbase")) {
                kvOptions.forEach((k, v) -> require(v.equals(t.kv().get().options().get(k)), t.name() + " kv option "
                        + k + " is " + t.kv().get().options().get(k) + ", not " + v));
            }
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("benchmark project copy: " + problem);
        }
    }

    /** The project's serving tables of kind hbase. */
    static List<KvTable> hbaseTables(Project p) {
        List<KvTable> out = new ArrayList<>();
        for (MetaTable t : p.tables()) {
            if (t.kv().isPresent() && t.kv().get().kind().equals("hbase")) {
                Map<String, String> o = t.kv().get().options();
                out.add(new KvTable(t.name(), o.get("table"), o.get("zookeeper-quorum"),
                        o.getOrDefault("column-family", "f"), t.primaryKey(),
                        Optional.ofNullable(o.get("sink.version-column"))));
            }
        }
        return out;
    }

    /** The Paimon tables (database.table) a stream job archives every valid record into: the batch sides. */
    static List<String> archiveTables(Project p) {
        List<String> out = new ArrayList<>();
        for (MetaTable t : p.tables()) {
            t.batch().filter(b -> b.archive().isPresent())
                    .ifPresent(b -> out.add(b.options().get("database") + "." + b.options().get("table")));
        }
        return out;
    }

    /** The Paimon tables a project's meta-tables bind to or write on the side (batch archive, dead letter, late). */
    static List<String> sideTables(Project p) {
        List<String> out = new ArrayList<>();
        for (MetaTable t : p.tables()) {
            t.stream().ifPresent(b -> {
                b.deadLetterTable().ifPresent(out::add);
                b.lateTable().ifPresent(out::add);
            });
            t.batch().ifPresent(b -> out.add(b.options().getOrDefault("catalog", "paimon") + "."
                    + b.options().get("database") + "." + b.options().get("table")));
        }
        return out;
    }
}
