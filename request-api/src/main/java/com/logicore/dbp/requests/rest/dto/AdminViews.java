package com.logicore.dbp.requests.rest.dto;

import java.util.List;

/** Bodies and views of the admin API. */
public final class AdminViews {

    private AdminViews() {}

    /** Create or update a team. */
    public record TeamBody(String name, Boolean reviewer) {}

    public record TeamView(String id, String name, boolean reviewer) {}

    /** Create or update a member; roles among REQUESTER, APPROVER, ADMIN. */
    public record MemberBody(String displayName, List<String> roles) {}

    public record MemberView(String id, String username, String team, String displayName, List<String> roles) {}

    /** A new API token; {@code token} is shown this once and never again. */
    public record TokenBody(String label) {}

    public record NewToken(String id, String username, String label, String token) {}

    /** Assign a schema to a team. */
    public record OwnershipBody(String team) {}

    public record OwnershipView(String database, String schema, String team) {}

    /** Who the caller is. */
    public record Me(String username, String team, List<String> roles, boolean seesAllTeams) {}
}
