package com.logicore.dbp.export.exporting;

import com.logicore.dbp.events.request.DataExportPayload.Compression;
import com.logicore.dbp.events.request.DataExportPayload.Format;

/** A file format and compression, and the COPY statement that feeds it. */
public record ExportFormat(Format format, boolean gzip) {

    public static ExportFormat of(Format format, Compression compression) {
        Compression effective = compression == null ? Compression.NONE : compression;
        if (effective == Compression.ZSTD) {
            throw new IllegalArgumentException("ZSTD compression is not supported by this worker; use GZIP or NONE");
        }
        if (format == Format.PARQUET && effective != Compression.NONE) {
            throw new IllegalArgumentException(
                    "Parquet files are written with uncompressed (dictionary-encoded) pages; ask for compression NONE");
        }
        return new ExportFormat(format, effective == Compression.GZIP);
    }

    public String extension() {
        return switch (format) {
            case CSV -> gzip ? ".csv.gz" : ".csv";
            case JSONL -> gzip ? ".jsonl.gz" : ".jsonl";
            case PARQUET -> ".parquet";
        };
    }

    /**
     * The COPY that streams {@code select}: CSV with a header; JSON Lines as one {@code row_to_json} per line (typed
     * by PostgreSQL: numbers stay numbers, timestamps ISO-8601, NULL null), sent through CSV mode with a quote and
     * delimiter that JSON never contains raw so COPY adds no escaping; Parquet reads plain CSV records.
     */
    public String copySql(String select) {
        return switch (format) {
            case CSV -> "COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER true)";
            case JSONL -> "COPY (SELECT row_to_json(r) FROM (" + select + ") r) TO STDOUT"
                    + " WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";
            case PARQUET -> "COPY (" + select + ") TO STDOUT WITH (FORMAT csv)";
        };
    }

    /** Whether the first COPY message is the header row rather than data. */
    public boolean firstMessageIsHeader() {
        return format == Format.CSV;
    }
}
