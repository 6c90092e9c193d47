package io.rtw.stream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark drivers' command line: a subcommand, {@code --name=value} options and {@code -Dkey=value} Flink
 * options, each kept in the order given.
 */
record BenchArgs(String command, Map<String, String> options, Map<String, String> flink) {

    static BenchArgs parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a subcommand is missing");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (a.startsWith("-D") && eq > 2) {
                conf.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (a.startsWith("--") && eq > 2) {
                opts.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument " + a + " (write --name=value or -Dkey=value)");
            }
        }
        return new BenchArgs(args[0], opts, conf);
    }

    String get(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException(command + ": --" + name + "=... is required");
        }
        return v;
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    long getLong(String name, long fallback) {
        return options.containsKey(name) ? Long.parseLong(options.get(name).replace("_", "")) : fallback;
    }

    double getDouble(String name, double fallback) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : fallback;
    }

    /** {@code --vars=k=v,k=v} as a map. */
    Map<String, String> vars() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : get("vars", "").split(",")) {
            if (!kv.isBlank()) {
                vars.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return vars;
    }
}
