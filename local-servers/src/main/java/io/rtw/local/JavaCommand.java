package io.rtw.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JVM to launch: options, classpath, main class and arguments, plus environment variables.
 *
 * @param jvmOptions options before the main class ({@code -Xmx512m}, {@code -Dk=v}, {@code --add-opens ...})
 * @param classpath classpath entries in order
 * @param mainClass the class whose {@code main} runs
 * @param args program arguments
 * @param env extra environment variables
 */
record JavaCommand(List<String> jvmOptions, List<Path> classpath, String mainClass, List<String> args,
        Map<String, String> env) {

    JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        classpath = List.copyOf(classpath);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }
}
