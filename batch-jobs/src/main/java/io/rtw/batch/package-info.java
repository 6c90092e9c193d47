/** Batch jobs: running the warehouse's SQL over Paimon day by day, in order, with per-day progress and resume. */
package io.rtw.batch;
