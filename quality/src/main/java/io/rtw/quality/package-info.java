/**
 * Data quality of warehouse results: reconciliation of two results of one metric (stream vs batch, primary vs
 * standby) with sketch-aware tolerances, DQC rules evaluated in batch and compiled into stream SQL, a metrics
 * function for SQL, and self-contained HTML reports, as APIs ({@link io.rtw.quality.Reconciliation},
 * {@link io.rtw.quality.QualityCheck}, {@link io.rtw.quality.QualitySql}) that the cli module's {@code rtw reconcile}
 * and {@code rtw quality} call.
 */
package io.rtw.quality;
