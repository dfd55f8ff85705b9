package com.logicore.dbp.monitoring.rest;

/** A query parameter the ops API cannot use; answered as a 400 problem naming the field. */
public class BadInput extends RuntimeException {

    private final String field;

    public BadInput(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
