package io.rtw.stream;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingException;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.binding.ReplayExtent;
import io.rtw.runtime.JobException;
import io.rtw.runtime.RunExtras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded replay of a stream job's sources: each stream meta-table's kind fixes the extent its source reads once,
 * when the job is compiled and before it runs ({@link io.rtw.meta.binding.BindingFactory#replayExtent}), so a restart
 * reads the same records; once the job finished, each kind is told so (a Kafka group is moved to where the replay
 * stopped).
 */
final class Replay implements RunExtras {

    private final Map<String, ReplayExtent> extents = new LinkedHashMap<>();

    /** Reads the extent of every stream meta-table whose kind fixes one, now: source options per meta-table. */
    @Override
    public Map<String, Map<String, String>> fixSources(Project project, BindingFactories kinds, Secrets secrets) {
        for (MetaTable t : project.tables()) {
            Optional<Binding> b = t.stream();
            if (b.isEmpty()) {
                continue;
            }
            try {
                kinds.find(b.get().kind()).flatMap(k -> k.replayExtent(t.name(), b.get().options(), secrets))
                        .ifPresent(extent -> extents.put(t.name(), extent));
            } catch (BindingException e) {
                throw new JobException(e.getMessage());
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        extents.forEach((table, extent) -> out.put(table, extent.sourceOptions()));
        return out;
    }

    /** One line per source: what the replay reads. */
    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        extents.values().forEach(extent -> out.add(extent.description()));
        return out;
    }

    /** Tells each source's kind that the replay finished. */
    @Override
    public void finished() {
        for (ReplayExtent extent : extents.values()) {
            try {
                extent.finished();
            } catch (BindingException e) {
                throw new JobException(e.getMessage());
            }
        }
    }
}
