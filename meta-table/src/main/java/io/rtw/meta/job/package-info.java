/**
 * Job files compiled once: a file rendered and taken apart as text ({@link io.rtw.meta.job.JobFile}), then compiled
 * with the project's meta-tables into the immutable {@link io.rtw.meta.job.CompiledJob} the runtime executes, its
 * statements read by Flink's parser through {@link io.rtw.meta.job.StatementParser}.
 */
package io.rtw.meta.job;
