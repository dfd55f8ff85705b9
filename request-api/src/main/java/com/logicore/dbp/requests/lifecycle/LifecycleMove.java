package com.logicore.dbp.requests.lifecycle;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.ExportPurged;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.PolicyEvaluated;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.events.payload.RequestRejected;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a decision or job-status event means for a request: the state it moves to ({@code null} for events that only
 * add information), who moved it, why, and what to record.
 */
public record LifecycleMove(
        RequestState target,
        String actor,
        String reason,
        String findingsJson,
        String risk,
        Integer progressPercent,
        String result) {

    public static LifecycleMove of(EventType type, String source, byte[] data) {
        String worker = "worker:" + source.substring(source.lastIndexOf('/') + 1);
        return switch (type) {
            case POLICY_EVALUATED -> {
                var e = EventJson.read(data, PolicyEvaluated.class);
                yield new LifecycleMove(
                        null,
                        "policy",
                        "policy outcome " + e.outcome() + ", risk " + e.risk(),
                        json(e.findings()),
                        e.risk() == null ? null : e.risk().name(),
                        null,
                        null);
            }
            case APPROVAL_REQUIRED -> {
                var e = EventJson.read(data, ApprovalRequired.class);
                yield new LifecycleMove(
                        RequestState.AWAITING_APPROVAL,
                        "policy",
                        e.reason() + " (" + e.approvalsNeeded() + " approval(s) from " + e.approverRoles() + ")",
                        null,
                        null,
                        null,
                        null);
            }
            case REQUEST_APPROVED -> {
                var e = EventJson.read(data, RequestApproved.class);
                String by = e.approvedBy() == null || e.approvedBy().isEmpty()
                        ? "policy"
                        : String.join(",", e.approvedBy());
                yield new LifecycleMove(
                        RequestState.APPROVED,
                        by.equals("policy") ? "policy" : "member:" + by,
                        e.reason(),
                        null,
                        null,
                        null,
                        null);
            }
            case REQUEST_REJECTED -> {
                var e = EventJson.read(data, RequestRejected.class);
                String by = e.rejectedBy() == null || e.rejectedBy().equals("policy")
                        ? "policy"
                        : "member:" + e.rejectedBy();
                yield new LifecycleMove(RequestState.REJECTED, by, e.reason(), json(e.findings()), null, null, null);
            }
            case REQUEST_EXPIRED -> {
                var e = EventJson.read(data, RequestExpired.class);
                // approval-service expires unfinished approvals; the migration worker ends access grants
                String by = source.endsWith("/approval-service") ? "policy" : worker;
                yield new LifecycleMove(RequestState.EXPIRED, by, e.reason(), null, null, null, null);
            }
            case JOB_STARTED -> {
                var e = EventJson.read(data, JobStarted.class);
                yield new LifecycleMove(RequestState.RUNNING, worker, e.detail(), null, null, 0, null);
            }
            case JOB_PROGRESS -> {
                var e = EventJson.read(data, JobProgress.class);
                yield new LifecycleMove(null, worker, e.detail(), null, null, e.percent(), null);
            }
            case JOB_SUCCEEDED -> {
                var e = EventJson.read(data, JobSucceeded.class);
                yield new LifecycleMove(
                        RequestState.SUCCEEDED,
                        worker,
                        e.summary(),
                        null,
                        null,
                        100,
                        e.result() == null ? null : e.result().toString());
            }
            case JOB_FAILED -> {
                var e = EventJson.read(data, JobFailed.class);
                yield new LifecycleMove(
                        RequestState.FAILED,
                        worker,
                        e.error(),
                        null,
                        null,
                        null,
                        json(Map.of("error", e.error(), "retryable", e.retryable())));
            }
            case EXPORT_PURGED -> {
                // Information on a finished export (its download now answers 410 Gone), not a state change.
                var e = EventJson.read(data, ExportPurged.class);
                yield new LifecycleMove(null, worker, e.detail(), null, null, null, null);
            }
            default -> throw new InvalidEventException(type.ceType() + " does not belong on a lifecycle topic");
        };
    }

    /** A pure progress report: worth a number on the request, not a line in its timeline. */
    public boolean isProgressOnly() {
        return target == null && findingsJson == null && risk == null && progressPercent != null;
    }

    private static String json(Object value) {
        return value == null ? null : new String(EventJson.write(value), StandardCharsets.UTF_8);
    }
}
