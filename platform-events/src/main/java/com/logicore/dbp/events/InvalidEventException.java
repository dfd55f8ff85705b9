package com.logicore.dbp.events;

/** A record that cannot be read as a platform event; the message is the reason recorded on the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
