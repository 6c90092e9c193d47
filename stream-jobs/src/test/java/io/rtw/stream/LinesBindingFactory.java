package io.rtw.stream;

import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingException;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Relation;
import io.rtw.meta.binding.ReplayExtent;
import io.rtw.meta.binding.Side;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code kind: test-lines}, a binding kind only tests know: a directory of JSON lines, read by Flink's filesystem
 * connector. It lives in test sources with its own services file and touches no generic code, yet a bounded replay
 * fixes its extent (the files there when the run starts, copied aside) and its malformed lines reach the dead-letter
 * table; it counts how often a meta-table bound to it is compiled.
 */
public final class LinesBindingFactory implements BindingFactory {

    /** How many times a relation of this kind was compiled, over the whole JVM. */
    static final AtomicInteger COMPILED = new AtomicInteger();

    static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("Directory of files with one JSON object per line.");

    static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().defaultValue("json")
            .withDescription("The lines' format: json.");

    @Override
    public String factoryIdentifier() {
        return "test-lines";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FORMAT);
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.STREAM);
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        COMPILED.incrementAndGet();
        return new Relation.ConnectorTable(Map.of("connector", "filesystem", "path", options.get(PATH), "format",
                options.get(FORMAT)), Optional.empty());
    }

    /** The files there now, copied to a directory of the run's own: lines written later are not read. */
    @Override
    public Optional<ReplayExtent> replayExtent(String table, Map<String, String> options, Secrets secrets) {
        Path dir = Path.of(options.get(PATH.key()));
        try (Stream<Path> listed = Files.list(dir)) {
            List<Path> files = listed.filter(Files::isRegularFile).sorted().toList();
            Path copy = Files.createTempDirectory(dir.getParent(), dir.getFileName() + "-replay-");
            long lines = 0;
            for (Path f : files) {
                Files.copy(f, copy.resolve(f.getFileName()));
                try (Stream<String> text = Files.lines(f)) {
                    lines += text.count();
                }
            }
            String description = table + ": " + files.size() + " files, " + lines + " lines";
            return Optional.of(new ReplayExtent() {
                @Override
                public Map<String, String> sourceOptions() {
                    return Map.of("path", copy.toString());
                }

                @Override
                public String description() {
                    return description;
                }
            });
        } catch (IOException e) {
            throw new BindingException(table + ": cannot list " + dir + ": " + e.getMessage());
        }
    }
}
