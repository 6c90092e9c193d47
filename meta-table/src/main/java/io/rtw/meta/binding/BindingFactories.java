package io.rtw.meta.binding;

import org.apache.flink.table.factories.Factory;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds binding kinds by identifier among the {@link Factory} services on the class path. */
public final class BindingFactories {

    private final Map<String, BindingFactory> byKind;
    private final Map<String, DeadLetterFormat> deadLetterFormats;

    private BindingFactories(Map<String, BindingFactory> byKind, Map<String, DeadLetterFormat> deadLetterFormats) {
        this.byKind = byKind;
        this.deadLetterFormats = deadLetterFormats;
    }

    /** Loads every binding kind visible to {@code classLoader}. */
    public static BindingFactories load(ClassLoader classLoader) {
        Map<String, BindingFactory> found = new TreeMap<>();
        Map<String, DeadLetterFormat> formats = new TreeMap<>();
        for (Factory f : ServiceLoader.load(Factory.class, classLoader)) {
            if (f instanceof BindingFactory b) {
                found.put(b.factoryIdentifier(), b);
            }
            if (f instanceof DeadLetterFormat d) {
                formats.put(d.standsIn(), d);
            }
        }
        return new BindingFactories(found, formats);
    }

    /** Loads the kinds visible to this class's class loader. */
    public static BindingFactories load() {
        return load(BindingFactories.class.getClassLoader());
    }

    /** The factory for {@code kind}, if one is on the class path. */
    public Optional<BindingFactory> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The dead-letter format that reads records of the plain {@code format}, if one is on the class path. */
    public Optional<DeadLetterFormat> deadLetterFormat(String format) {
        return Optional.ofNullable(deadLetterFormats.get(format));
    }

    /** The plain formats a dead-letter format stands in for, sorted, joined with {@code or}, for error messages. */
    public String deadLetterFormats() {
        return String.join(" or ", deadLetterFormats.keySet());
    }

    /** Every kind, sorted, for error messages. */
    public String kinds() {
        return String.join(", ", byKind.keySet());
    }
}
