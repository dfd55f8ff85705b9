package com.logicore.dbp.monitoring.rest;

/** Timeline positions as clients see them: the decimal {@code seq} of the last event they received. */
final class Cursors {

    private Cursors() {}

    static long parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new BadInput(
                    field, "must be the id of an event you received (a non-negative number), got '" + value + "'");
        }
    }
}
