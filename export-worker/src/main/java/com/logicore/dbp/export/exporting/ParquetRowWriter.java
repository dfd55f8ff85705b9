package com.logicore.dbp.export.exporting;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes rows to a Parquet file with typed columns (integers, decimals, floating point, booleans, dates, timestamps
 * in UTC microseconds, strings), through parquet-java's local-file API and a plain (non-Hadoop) configuration.
 */
final class ParquetRowWriter implements AutoCloseable {

    private enum Kind {
        INT32,
        INT64,
        FLOAT,
        DOUBLE,
        DECIMAL,
        BOOLEAN,
        DATE,
        TIMESTAMPTZ,
        TIMESTAMP,
        STRING
    }

    private final List<ExportedColumn> columns;
    private final Kind[] kinds;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;

    ParquetRowWriter(Path file, List<ExportedColumn> columns) throws IOException {
        this.columns = columns;
        this.kinds = new Kind[columns.size()];
        Types.MessageTypeBuilder schema = Types.buildMessage();
        for (int i = 0; i < columns.size(); i++) {
            kinds[i] = kindOf(columns.get(i));
            addField(schema, columns.get(i), kinds[i]);
        }
        MessageType type = schema.named("export");
        this.groups = new SimpleGroupFactory(type);
        this.writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(type)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                // Every compressed codec of parquet-java goes through Hadoop's Configuration and its shaded XML
                // parser (hadoop-client-runtime, ~30 MB); pages stay uncompressed, dictionary-encoded.
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build();
    }

    void write(List<String> fields) throws IOException {
        if (fields.size() != kinds.length) {
            throw new IOException("COPY row has " + fields.size() + " fields, expected " + kinds.length);
        }
        Group group = groups.newGroup();
        for (int i = 0; i < kinds.length; i++) {
            String value = fields.get(i);
            if (value != null) {
                append(group, i, value);
            }
        }
        writer.write(group);
    }

    private void append(Group group, int i, String value) {
        ExportedColumn column = columns.get(i);
        switch (kinds[i]) {
            case INT32 -> group.append(column.name(), Integer.parseInt(value));
            case INT64 -> group.append(column.name(), Long.parseLong(value));
            case FLOAT -> group.append(column.name(), Float.parseFloat(value));
            case DOUBLE -> group.append(column.name(), Double.parseDouble(value));
            case DECIMAL -> group.append(
                    column.name(),
                    new BigDecimal(value)
                            .setScale(column.scale())
                            .unscaledValue()
                            .longValueExact());
            case BOOLEAN -> group.append(column.name(), "t".equals(value));
            case DATE -> group.append(
                    column.name(), (int) LocalDate.parse(value).toEpochDay());
            case TIMESTAMPTZ -> group.append(column.name(), micros(timestamptz(value)));
            case TIMESTAMP -> group.append(
                    column.name(),
                    micros(LocalDateTime.parse(value.replace(' ', 'T')).atOffset(ZoneOffset.UTC)));
            case STRING -> group.append(column.name(), value);
        }
    }

    // The session runs with TimeZone UTC and DateStyle ISO: "2026-11-25 21:42:13.123456+00".
    private static OffsetDateTime timestamptz(String value) {
        String iso = value.replaceFirst(" ", "T");
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        }
        return OffsetDateTime.parse(iso);
    }

    private static long micros(OffsetDateTime time) {
        return ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time);
    }

    private static Kind kindOf(ExportedColumn column) {
        return switch (column.type()) {
            case "int2", "int4" -> Kind.INT32;
            case "int8", "oid" -> Kind.INT64;
            case "float4" -> Kind.FLOAT;
            case "float8" -> Kind.DOUBLE;
            case "numeric" -> column.precision() > 0 && column.precision() <= 18 ? Kind.DECIMAL : Kind.STRING;
            case "bool" -> Kind.BOOLEAN;
            case "date" -> Kind.DATE;
            case "timestamptz" -> Kind.TIMESTAMPTZ;
            case "timestamp" -> Kind.TIMESTAMP;
            default -> Kind.STRING;
        };
    }

    private static void addField(Types.MessageTypeBuilder schema, ExportedColumn column, Kind kind) {
        var field =
                switch (kind) {
                    case INT32 -> schema.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, true));
                    case INT64 -> schema.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, true));
                    case FLOAT -> schema.optional(PrimitiveTypeName.FLOAT);
                    case DOUBLE -> schema.optional(PrimitiveTypeName.DOUBLE);
                    case DECIMAL -> schema.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.decimalType(column.scale(), column.precision()));
                    case BOOLEAN -> schema.optional(PrimitiveTypeName.BOOLEAN);
                    case DATE -> schema.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType());
                    case TIMESTAMPTZ -> schema.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
                    case TIMESTAMP -> schema.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
                    case STRING -> schema.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType());
                };
        field.named(column.name());
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
