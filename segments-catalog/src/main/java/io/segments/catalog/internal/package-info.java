/** The catalog's tables and statements, id and cursor formats and CSV reading; not API. */
package io.segments.catalog.internal;
