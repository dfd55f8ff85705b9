package com.logicore.dbp.export.exporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files are written with typed columns, NULLs kept, without any Hadoop file system. */
class ParquetRowWriterTest {

    // Read options on a plain configuration: Hadoop's own Configuration class is not needed, nor on the classpath.
    static final ParquetReadOptions PLAIN =
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

    @TempDir
    Path dir;

    @Test
    void writesTypedValuesAndNulls() throws Exception {
        var columns = List.of(
                new ExportedColumn("id", "int8", 19, 0, null),
                new ExportedColumn("weight_kg", "numeric", 6, 2, null),
                new ExportedColumn("created_at", "timestamptz", 35, 6, null),
                new ExportedColumn("phone", "text", 0, 0, "PARTIAL"));
        Path file = dir.resolve("t.parquet");
        {
            try (var writer = new ParquetRowWriter(file, columns)) {
                writer.write(CsvRecord.parse("1,12.50,2026-11-25 21:42:13.123456+00,\"+49 *** *** 12\"\n".getBytes()));
                writer.write(Arrays.asList("2", null, "2026-01-02 03:04:05+00", ""));
            }
            assertThat(Files.size(file)).isPositive();
            try (var reader = ParquetFileReader.open(new LocalInputFile(file), PLAIN)) {
                var schema = reader.getFooter().getFileMetaData().getSchema();
                var pages = reader.readNextRowGroup();
                var records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                Group first = records.read();
                assertThat(first.getLong("id", 0)).isEqualTo(1);
                assertThat(first.getLong("weight_kg", 0)).isEqualTo(1250);
                assertThat(first.getLong("created_at", 0)).isEqualTo(1795642933123456L);
                assertThat(first.getString("phone", 0)).isEqualTo("+49 *** *** 12");
                Group second = records.read();
                assertThat(second.getFieldRepetitionCount("weight_kg")).isZero();
                assertThat(second.getString("phone", 0)).isEmpty();
            }
        }
    }

    @Test
    void csvRecordsTellNullFromEmpty() {
        assertThat(CsvRecord.parse("a,,\"\",\"x,\"\"y\"\"\nz\"\n".getBytes()))
                .containsExactly("a", null, "", "x,\"y\"\nz");
    }
}
