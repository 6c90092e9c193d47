/**
 * Meta-tables: one logical table declared once in YAML, bound to a stream source and a batch source,
 * parsed strictly into immutable records ({@link io.rtw.meta.MetaTable}) and validated with located
 * errors ({@link io.rtw.meta.Problem}).
 *
 * <p>Entry points: {@link io.rtw.meta.Project#load} for a warehouse directory ({@link io.rtw.meta.ProjectRef} finds it
 * as a caller names it) and {@link io.rtw.meta.MetaTableParser} for a single file. Compilation into Flink SQL lives in
 * {@link io.rtw.meta.sql}; source kinds are pluggable through {@link io.rtw.meta.binding.BindingFactory}.
 */
package io.rtw.meta;
