/**
 * The rtw SQL functions for distinct counts (UV): HyperLogLog, Theta and Roaring-bitmap summaries whose bytes are the
 * libraries' standard forms, mergeable across minutes, days, stream and batch, and engines (Paimon's aggregation
 * merge engine). {@link io.rtw.udf.RtwFunctions} lists and registers them; {@code docs/functions.md} documents each.
 *
 * <h2>Choosing a family</h2>
 * <ul>
 *   <li><b>HLL</b> ({@code hll_*}, {@code uv_hll}): the smallest summary (about 2.1 KB at lgK 12 as HLL_4) with a
 *       relative standard error of about 1.04/sqrt(2^lgK) (1.6% at lgK 12); union only, no intersection.</li>
 *   <li><b>Theta</b> ({@code theta_*}, {@code uv_theta}): exact below k ids, then about 1/sqrt(k) (1.6% at k 4096);
 *       up to 16·k bytes, and supports intersection and difference (retention, new users), whose error grows as the
 *       result gets small relative to the inputs.</li>
 *   <li><b>Bitmaps</b> ({@code bitmap_*} for INT ids, {@code bitmap64_*} for BIGINT ids): exact and retractable, with
 *       a size that grows with the number and spread of ids. STRING ids in {@code bitmap64_*} are hashed to 64 bits,
 *       so the count is approximate: ids are lost only to hash collisions (probability about n^2/2^65).</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * Estimates depend only on the set of ids, never on arrival order or how the ids were split into pieces: HLL uses the
 * composite estimator (never the order-dependent HIP one) and Theta always goes through a union, whose result keeps
 * exactly the k smallest hashes. So a day computed as one stream, as a union of 1,440 per-minute pieces, in batch or
 * in streaming mode gives the same number.
 *
 * <h2>Retraction</h2>
 * Bitmap aggregates keep exact id multiplicities, so they retract correctly; HLL and Theta aggregates cannot forget
 * an id and fail on a retraction with an error naming the function, unless {@link
 * io.rtw.udf.RtwFunctions#IGNORE_RETRACT} is set.
 *
 * <p>Only the function classes, {@link io.rtw.udf.RtwFunctions} and what Flink's generated code and serializer
 * snapshots must reach (the accumulators, their serializers, the aggregate base classes) are public.
 */
package io.rtw.udf;
