/**
 * Batch jobs: running the warehouse's SQL over Paimon for a business day ({@link io.rtw.batch.BatchDay}, gated by the
 * file's preconditions), and day by day in order ({@link io.rtw.batch.Backfill}, with per-day progress and resume).
 */
package io.rtw.batch;
