/**
 * Compilation into Flink SQL: meta-tables into per-mode DDL ({@link io.rtw.meta.sql.MetaTableCompiler}),
 * job files through the template language ({@link io.rtw.meta.sql.SqlTemplate}), both as
 * {@link io.rtw.meta.sql.Script}s whose rendered text masks secrets.
 */
package io.rtw.meta.sql;
