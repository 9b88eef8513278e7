/**
 * Compiled queries and SQL dialects: a {@link io.segments.engine.sql.CompiledQuery} is SQL text plus ordered
 * bind parameters; a {@link io.segments.engine.sql.Dialect} holds everything SQL engines disagree on (JSON
 * access, casts, quoting, placeholders, a few functions), {@link io.segments.engine.sql.DuckDbDialect} for the
 * embedded store.
 */
package io.segments.engine.sql;
