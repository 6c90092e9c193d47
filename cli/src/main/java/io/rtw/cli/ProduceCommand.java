package io.rtw.cli;

import io.rtw.meta.binding.KafkaBindingFactory;
import io.rtw.stream.KafkaLines;

import picocli.CommandLine;
import picocli.CommandLine.Command;
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
import java.util.concurrent.Callable;

/** {@code rtw produce TOPIC FILE}: sends JSON lines to Kafka. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Sends each line of a file to a Kafka topic as one message (for demos, tests and replays); "
                + "creates the topic when it is missing.",
        footer = {"", "Example:", "  rtw produce app_events events.jsonl --bootstrap-servers 127.0.0.1:9092"})
final class ProduceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic.") String topic;

    @Parameters(index = "1", paramLabel = "FILE", description = "File with one message per line ('-' reads stdin).")
    String file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka brokers. Default: ${DEFAULT-VALUE} (rtw local up).")
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
        if (!KafkaBindingFactory.isTopicName(topic)) {
            throw new UserException("'" + topic + "' is not a Kafka topic name: " + KafkaBindingFactory.TOPIC_RULE);
        }
        if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            throw new UserException("no such file: " + file);
        }
        KafkaLines kafka = new KafkaLines(bootstrap);
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
            long n = kafka.send(topic, lines, c -> spec.commandLine().getErr().println("sent " + c + " messages"));
            spec.commandLine().getOut().println("sent " + n + " messages to " + topic);
        }
        return 0;
    }
}
