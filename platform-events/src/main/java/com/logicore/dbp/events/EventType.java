package com.logicore.dbp.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every CloudEvent type the platform emits, the topic it travels on, and its payload record.
 *
 * <p>Type names follow {@code com.logicore.dbp.<noun>.<verb>.v1}; a breaking payload change gets a new version suffix
 * rather than changing an existing one.
 */
public enum EventType {
    REQUEST_SUBMITTED("request.submitted", Topic.REQUESTS),
    REQUEST_CANCELLED("request.cancelled", Topic.REQUESTS),
    APPROVAL_RECORDED("approval.recorded", Topic.REQUESTS),

    POLICY_EVALUATED("policy.evaluated", Topic.DECISIONS),
    APPROVAL_REQUIRED("approval.required", Topic.DECISIONS),
    REQUEST_APPROVED("request.approved", Topic.DECISIONS),
    REQUEST_REJECTED("request.rejected", Topic.DECISIONS),
    REQUEST_EXPIRED("request.expired", Topic.DECISIONS),

    JOB_REQUESTED("job.requested", null),
    /** request-api asks the migration worker to end an access grant now (no approval: it only takes access away). */
    GRANT_REVOKE_REQUESTED("access-grant.revoke-requested", Topic.MIGRATION_JOBS),

    JOB_STARTED("job.started", Topic.JOB_STATUS),
    JOB_PROGRESS("job.progress", Topic.JOB_STATUS),
    JOB_SUCCEEDED("job.succeeded", Topic.JOB_STATUS),
    JOB_FAILED("job.failed", Topic.JOB_STATUS),
    /** export-worker deleted an expired export's files (the request stays SUCCEEDED; its timeline says so). */
    EXPORT_PURGED("export.purged", Topic.JOB_STATUS),

    HEALTH_FINDING("health.finding", Topic.HEALTH),

    SCHEMA_OWNERSHIP_CHANGED("schema-ownership.changed", Topic.OWNERSHIP);

    private static final String PREFIX = "com.logicore.dbp.";
    private static final String VERSION = ".v1";

    private final String ceType;
    private final Topic topic;

    EventType(String nounVerb, Topic topic) {
        this.ceType = PREFIX + nounVerb + VERSION;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code com.logicore.dbp.request.submitted.v1}. */
    public String ceType() {
        return ceType;
    }

    /**
     * The topic this event travels on; {@code null} for {@link #JOB_REQUESTED}, whose topic depends on the request
     * type ({@link RequestType#jobTopic()}).
     */
    public Topic topic() {
        return topic;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
