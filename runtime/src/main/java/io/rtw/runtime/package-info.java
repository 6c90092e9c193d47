/**
 * The shared runtime of compiled jobs: {@link io.rtw.runtime.WarehouseSession} (a table environment of the compiled
 * meta-tables, for queries and runs), {@link io.rtw.runtime.JobSubmitter} (read, check servers, compile once, run on a
 * local MiniCluster or a cluster, watch, Ctrl-C), typed {@link io.rtw.runtime.RunOptions}, job errors located in the
 * file, {@link io.rtw.runtime.Explain} and {@link io.rtw.runtime.JobCheck} (plans without servers).
 */
package io.rtw.runtime;
