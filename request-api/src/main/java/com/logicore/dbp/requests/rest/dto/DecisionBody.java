package com.logicore.dbp.requests.rest.dto;

/** Optional body of approve, reject and cancel: why. */
public record DecisionBody(String comment) {}
