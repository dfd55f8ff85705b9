package com.logicore.dbp.export.exporting;

/** A column of an export file: its name, PostgreSQL type and whether its values were masked (and how). */
public record ExportedColumn(String name, String type, int precision, int scale, String masking) {}
