package io.rtw.meta.binding;

import java.util.Map;

/**
 * The fixed extent of a bounded replay of one stream source, read from its server once before the job starts (where
 * each partition starts and where it stops), so that a restart of the job reads exactly the same records.
 */
public interface ReplayExtent {

    /** Connector options that start and stop the source exactly at this extent, winning over the binding's. */
    Map<String, String> sourceOptions();

    /** One line for the run's progress, e.g. {@code events: topic t offsets 0:2-5 1:0-3 (6 records)}. */
    String description();

    /** Called once the replay's job has finished: e.g. moves a consumer group to where the replay stopped. */
    default void finished() {}
}
