package com.logicore.dbp.requests.persistence;

import com.logicore.dbp.requests.auth.Role;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A person or service account of a team, with its roles. */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "team_id", nullable = false)
    public String teamId;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name")
    public String displayName;

    /** Comma-separated {@link Role} names. */
    @Column(nullable = false)
    public String roles;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public Set<Role> roleSet() {
        return roles.isBlank()
                ? EnumSet.noneOf(Role.class)
                : Arrays.stream(roles.split(","))
                        .map(Role::valueOf)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    public void setRoles(Set<Role> roleSet) {
        roles = roleSet.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }
}
