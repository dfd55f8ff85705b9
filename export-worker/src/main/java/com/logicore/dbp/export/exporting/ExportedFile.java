package com.logicore.dbp.export.exporting;

import java.nio.file.Path;
import java.util.List;

/** A complete export file still under its temporary name, with what its manifest says about it. */
public record ExportedFile(Path temp, long rows, long bytes, String sha256, List<ExportedColumn> columns) {}
