package io.rtw.cli;

import io.rtw.meta.Binding;
import io.rtw.meta.Causes;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.connector.kafka.KafkaBindingFactory;
import io.rtw.connector.kafka.KafkaLines;

import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code rtw produce TABLE|TOPIC FILE}: sends JSON lines to Kafka, to the topic and brokers of a meta-table of the
 * project (with its client properties), or to a topic.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Sends each line of a file to a Kafka topic as one message (for demos, tests and replays); "
                + "creates the topic when it is missing. Given a meta-table of the project that reads Kafka (or one "
                + "of its topics), uses its topic, bootstrap-servers and properties.* unless a flag says otherwise.",
        footer = {"", "Examples:",
            "  rtw produce app_events events.jsonl     # the meta-table's topic and brokers",
            "  rtw produce clicks events.jsonl --bootstrap-servers 10.0.0.7:9092"})
final class ProduceCommand implements Callable<Integer> {

    /** The brokers when neither a flag nor the project names any: the local Kafka's. */
    static final String LOCAL_BROKERS = "127.0.0.1:9092";

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Parameters(index = "0", paramLabel = "TABLE|TOPIC",
            description = "A meta-table of the project that reads Kafka, or a topic.")
    String target;

    @Parameters(index = "1", paramLabel = "FILE", description = "File with one message per line ('-' reads stdin).")
    String file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers. Default: the meta-table's bootstrap-servers, else " + LOCAL_BROKERS
                    + " (rtw local up).")
    String bootstrap;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N",
            description = "Partitions of the topic if it has to be created. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--partitions must be at least 1, got "
                    + partitions);
        }
        Optional<MetaTable> table = project.loadIfPresent().flatMap(p -> kafkaTable(p, target));
        Map<String, String> options = new LinkedHashMap<>(table.flatMap(MetaTable::stream).map(Binding::options)
                .orElse(Map.of()));
        String topic = table.filter(t -> t.name().equals(target)).map(t -> topic(t, options)).orElse(target);
        if (!KafkaBindingFactory.isTopicName(topic)) {
            throw new UserException("'" + topic + "' is not a Kafka topic name: " + KafkaBindingFactory.TOPIC_RULE);
        }
        if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            throw new UserException("no such file: " + file);
        }
        // The flag replaces the brokers only: the meta-table's properties.* (security, say) still apply.
        String shown = bootstrap != null ? bootstrap : options.getOrDefault("bootstrap-servers", LOCAL_BROKERS);
        options.put("bootstrap-servers", shown);
        Secrets secrets = project.options().secrets();
        KafkaLines kafka = new KafkaLines(KafkaBindingFactory.clientProperties(options, secrets), shown);
        long n;
        try {
            n = send(kafka, topic);
        } catch (KafkaException | ExecutionException e) {
            // The innermost cause says what went wrong; Kafka's messages may echo the brokers as resolved, so a
            // secret in them is shown as its reference.
            Throwable cause = Causes.root(e);
            throw new UserException("cannot produce to topic " + topic + " at " + shown + ": "
                    + secrets.mask(String.join(" ", options.values()), String.valueOf(cause.getMessage())));
        }
        spec.commandLine().getOut().println("sent " + n + " messages to topic " + topic
                + table.map(t -> " (meta-table " + t.name() + ")").orElse("") + " at " + shown);
        return 0;
    }

    /** Creates the topic when missing and sends the file's lines; returns how many. */
    private long send(KafkaLines kafka, String topic) throws Exception {
        if (kafka.createTopic(topic, partitions)) {
            spec.commandLine().getErr().println("created topic " + topic + " with " + partitions + " partitions");
        }
        try (BufferedReader in = file.equals("-")
                ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            Iterable<String> lines = () -> new Iterator<>() {
                private String next = read();

                private String read() {
                    try {
                        return in.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    String n = next;
                    next = read();
                    return n;
                }
            };
            return kafka.send(topic, lines, c -> spec.commandLine().getErr().println("sent " + c + " messages"));
        }
    }

    /**
     * The project's meta-table called {@code name} that reads Kafka, or the one reading topic {@code name}; empty
     * when none does (a topic outside the project).
     */
    private static Optional<MetaTable> kafkaTable(Project project, String name) {
        Optional<MetaTable> named = project.table(name);
        if (named.isPresent()) {
            if (named.get().stream().filter(b -> b.kind().equals("kafka")).isEmpty()) {
                throw new UserException("meta-table " + name + " does not read Kafka; meta-tables that do: "
                        + String.join(", ", project.tables().stream().filter(t -> t.stream().filter(b ->
                                b.kind().equals("kafka")).isPresent()).map(MetaTable::name).toList()));
            }
            return named;
        }
        List<MetaTable> readers = project.tables().stream().filter(t -> t.stream().filter(b -> b.kind().equals(
                "kafka") && List.of(b.options().get("topic").split(";")).contains(name)).isPresent()).toList();
        if (readers.size() > 1) {
            throw new UserException("topic " + name + " is read by meta-tables " + String.join(", ", readers.stream()
                    .map(MetaTable::name).toList()) + ": name one of them");
        }
        return readers.stream().findFirst();
    }

    /** The meta-table's one topic; one that reads several cannot say which to produce to. */
    private static String topic(MetaTable table, Map<String, String> options) {
        String topics = options.get("topic");
        if (topics.contains(";")) {
            throw new UserException("meta-table " + table.name() + " reads topics " + topics.replace(";", ", ")
                    + ": give the topic to produce to instead of the table");
        }
        return topics;
    }
}
