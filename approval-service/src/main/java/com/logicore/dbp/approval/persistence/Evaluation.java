package com.logicore.dbp.approval.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Policy's evaluation of one request and where its decision stands. */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {

    /** Where the decision stands. */
    public enum Status {
        AWAITING_APPROVAL,
        APPROVED,
        REJECTED,
        CANCELLED,
        EXPIRED
    }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String team;

    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;

    @Column(name = "target_database", nullable = false)
    public String targetDatabase;

    @Column(name = "target_schema", nullable = false)
    public String targetSchema;

    /** The request payload (JSON), forwarded to the worker once approved. */
    @Column(nullable = false)
    public String payload;

    @Column(nullable = false)
    public String outcome;

    @Column(nullable = false)
    public String risk;

    @Column(nullable = false)
    public String findings;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;

    @Column(name = "evaluated_at", nullable = false)
    public OffsetDateTime evaluatedAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    /** Approvals still missing, comma-separated: DBA, OWNER or ANY (see ApprovalChain). */
    @Column(name = "approvals_needed", nullable = false)
    public String approvalsNeeded = "";

    /** When an awaited approval times out (EXPIRED). */
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    /** The team owning the target data; its approvers are the OWNER kind. Null when the schema has no owner yet. */
    @Column(name = "owner_team")
    public String ownerTeam;

    /** What the worker must apply (JSON; see JobRequested.directives). */
    @Column(nullable = false)
    public String directives = "{}";

    /** Version of the policy file that decided. */
    @Column(name = "policy_version")
    public Integer policyVersion;

    /** The team whose approvers count as OWNER: the data's owner, else the requester's own team. */
    public String owningTeam() {
        return ownerTeam != null ? ownerTeam : team;
    }
}
