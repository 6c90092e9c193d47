package io.rtw.runtime;

import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.job.UsedBinding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Before a run submits anything: the servers behind the meta-tables the job uses answer, and hold the topics and
 * tables the bindings name. A server that is down would otherwise cost a local run its restarts (a batch day ten
 * of them, a stream job one a minute without end) before the real reason shows.
 */
final class ServerCheck {

    /** How long each server may take to answer; the checks run side by side. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ServerCheck() {}

    /**
     * What a run does with the problems found: a local run stops before anything runs (the exception lists them);
     * a run for a remote cluster goes on with them as warnings, since the cluster may reach servers this machine
     * cannot.
     *
     * @return the warning lines to print
     */
    static List<String> warnings(Path file, boolean local, List<String> problems) {
        if (local && !problems.isEmpty()) {
            throw new JobException(file.getFileName() + ": servers the job needs are not ready; nothing was run:\n  "
                    + String.join("\n  ", problems));
        }
        return problems.stream().map(p -> "warning: " + p + " (from this machine; the cluster may reach it)").toList();
    }

    /** Every problem of the used bindings' servers, as "meta-table T (kind): problem", in the order of {@code used}. */
    static List<String> problems(List<UsedBinding> used, BindingFactories factories, Secrets secrets,
            Duration timeout) {
        if (used.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(used.size(), r -> {
            Thread t = new Thread(r, "rtw-server-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<List<String>>> checks = new ArrayList<>();
            for (UsedBinding u : used) {
                checks.add(CompletableFuture.supplyAsync(() -> factories.find(u.binding().kind())
                        .map(f -> f.checkServer(u.binding().options(), secrets, timeout)).orElse(List.of())
                        .stream().map(p -> "meta-table " + u.table() + " (" + u.binding().kind() + "): " + p).toList(),
                        pool));
            }
            return checks.stream().flatMap(c -> c.join().stream()).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
