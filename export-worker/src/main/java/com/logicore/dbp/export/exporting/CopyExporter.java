package com.logicore.dbp.export.exporting;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams one SELECT out of PostgreSQL with COPY into a file. Memory stays constant whatever the row count: COPY
 * sends one message per row and each is written on at once.
 */
public final class CopyExporter {

    /** Told how many rows were written so far, every {@link #REPORT_EVERY} rows. */
    public interface RowListener {
        void rowsWritten(long rows) throws Exception;
    }

    static final int REPORT_EVERY = 5_000;

    private CopyExporter() {}

    /** The result columns of {@code select} (run with LIMIT 0), labelled with how each was masked. */
    public static List<ExportedColumn> columns(Connection c, String select, Map<String, String> maskingByColumn)
            throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("SELECT * FROM (" + select + ") q LIMIT 0")) {
            var meta = rs.getMetaData();
            List<ExportedColumn> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i);
                columns.add(new ExportedColumn(
                        name,
                        meta.getColumnTypeName(i),
                        meta.getPrecision(i),
                        meta.getScale(i),
                        maskingByColumn.get(name)));
            }
            return columns;
        }
    }

    /** The planner's row estimate of {@code select}, for progress percentages. */
    public static long estimateRows(Connection c, String select) throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + select)) {
            rs.next();
            var plan = com.logicore.dbp.events.EventJson.mapper()
                    .readTree(rs.getString(1))
                    .get(0)
                    .get("Plan");
            return plan.path("Plan Rows").asLong(0);
        } catch (IOException e) {
            throw new SQLException("unreadable EXPLAIN output", e);
        }
    }

    public static ExportedFile export(
            Connection c,
            String select,
            ExportFormat format,
            List<ExportedColumn> columns,
            Path temp,
            RowListener listener)
            throws Exception {
        CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(format.copySql(select));
        try {
            if (format.format() == com.logicore.dbp.events.request.DataExportPayload.Format.PARQUET) {
                long rows = writeParquet(copy, columns, temp, listener);
                return new ExportedFile(temp, rows, Files.size(temp), sha256(temp), columns);
            }
            MessageDigest digest = newSha256();
            long rows = writeText(copy, format, temp, digest, listener);
            return new ExportedFile(temp, rows, Files.size(temp), HexFormat.of().formatHex(digest.digest()), columns);
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    // The digest sees exactly the bytes that reach the file (after compression), in the same pass.
    private static long writeText(
            CopyOut copy, ExportFormat format, Path temp, MessageDigest digest, RowListener listener) throws Exception {
        long rows = 0;
        boolean header = format.firstMessageIsHeader();
        OutputStream file = new DigestOutputStream(Files.newOutputStream(temp), digest);
        OutputStream buffered = new BufferedOutputStream(file, 1 << 16);
        // Compression, digest and file writes run on their own thread, fed in chunks by this one.
        try (OutputStream out =
                new HandOffOutputStream(format.gzip() ? new GZIPOutputStream(buffered, 1 << 16) : buffered)) {
            byte[] row;
            while ((row = copy.readFromCopy()) != null) {
                out.write(row);
                if (header) {
                    header = false;
                    continue;
                }
                if (++rows % REPORT_EVERY == 0) {
                    listener.rowsWritten(rows);
                }
            }
        }
        return rows;
    }

    private static long writeParquet(CopyOut copy, List<ExportedColumn> columns, Path temp, RowListener listener)
            throws Exception {
        long rows = 0;
        try (var writer = new ParquetRowWriter(temp, columns)) {
            byte[] row;
            while ((row = copy.readFromCopy()) != null) {
                writer.write(CsvRecord.parse(row));
                if (++rows % REPORT_EVERY == 0) {
                    listener.rowsWritten(rows);
                }
            }
        }
        return rows;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file);
                var sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
