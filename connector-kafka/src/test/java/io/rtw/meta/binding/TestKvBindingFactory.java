package io.rtw.meta.binding;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code kind: test-kv}: a KV kind for testing the compiler without a KV store module on the class path. */
public final class TestKvBindingFactory implements BindingFactory {

    static final ConfigOption<String> TABLE =
            ConfigOptions.key("table").stringType().noDefaultValue().withDescription("Store table.");

    @Override
    public String factoryIdentifier() {
        return "test-kv";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(TABLE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.KV);
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        return new Relation.ConnectorTable(Map.of("connector", "blackhole"), Optional.empty());
    }
}
