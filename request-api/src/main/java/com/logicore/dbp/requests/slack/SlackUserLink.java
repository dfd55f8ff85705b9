package com.logicore.dbp.requests.slack;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A Slack user acts in Slack as this platform member. */
@Entity
@Table(name = "slack_user_link")
public class SlackUserLink extends PanacheEntityBase {

    @Id
    @Column(name = "slack_user_id")
    public String slackUserId;

    @Column(nullable = false)
    public String username;

    @Column(name = "linked_at", nullable = false)
    public OffsetDateTime linkedAt;
}
