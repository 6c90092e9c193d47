/**
 * Data quality of warehouse results: reconciliation of two results of one metric (stream vs batch, primary vs
 * standby) with sketch-aware tolerances, DQC rules evaluated in batch and compiled into stream SQL, a metrics
 * function for SQL, and self-contained HTML reports.
 */
package io.rtw.quality;
