package com.logicore.dbp.export.exporting;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault injection for the export's crash test: stops the worker dead once an export has streamed a given number of
 * rows, as if the process had been killed mid-COPY. Disarmed unless a test arms it; nothing in production arms it.
 */
@ApplicationScoped
public class ExportFaults {

    /** Thrown when armed; an Error, so no handler of the job treats it as a normal failure. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private volatile long crashAtRows = -1;

    /** Crash once, the first time an export reports at least {@code rows} rows written. */
    public void armAfterRows(long rows) {
        crashAtRows = rows;
    }

    public void rowsWritten(long rows) {
        long armed = crashAtRows;
        if (armed >= 0 && rows >= armed) {
            crashAtRows = -1;
            throw new SimulatedCrash("simulated crash after " + rows + " rows");
        }
    }
}
