package com.logicore.dbp.events.payload;

import java.util.List;

/** A request will not run. {@code rejectedBy} is {@code policy} or the approver; findings say why. */
public record RequestRejected(String requestId, String rejectedBy, String reason, List<Finding> findings)
        implements EventPayload {}
