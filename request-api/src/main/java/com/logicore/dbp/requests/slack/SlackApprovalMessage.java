package com.logicore.dbp.requests.slack;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Where a request's approval message is in the approvers' channel, and what it shows. */
@Entity
@Table(name = "slack_approval_message")
public class SlackApprovalMessage extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String ts;

    /** Approvals still needed, as the last ApprovalRequired said (comma-separated DBA/OWNER/ANY). */
    @Column(name = "approver_roles")
    public String approverRoles;

    /** Who approved in Slack so far (comma-separated usernames). */
    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "posted_at", nullable = false)
    public OffsetDateTime postedAt;
}
