package com.logicore.dbp.export.exporting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one record of PostgreSQL's CSV COPY output into fields. An unquoted empty field is SQL NULL ({@code null}),
 * a quoted empty field is the empty string — the distinction COPY makes and a typed format must keep.
 */
final class CsvRecord {

    private CsvRecord() {}

    static List<String> parse(byte[] record) {
        String line = new String(record, StandardCharsets.UTF_8);
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < end; i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < end && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(finish(field, wasQuoted));
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(ch);
            }
        }
        fields.add(finish(field, wasQuoted));
        return fields;
    }

    private static String finish(StringBuilder field, boolean wasQuoted) {
        return field.length() == 0 && !wasQuoted ? null : field.toString();
    }
}
