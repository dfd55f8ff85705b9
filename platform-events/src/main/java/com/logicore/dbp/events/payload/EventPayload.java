package com.logicore.dbp.events.payload;

/**
 * Marker for an event's {@code data}. Every payload record lives in this package and nowhere else; services map them
 * to their own entities.
 */
public interface EventPayload {}
