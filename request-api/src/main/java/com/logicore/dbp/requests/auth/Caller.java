package com.logicore.dbp.requests.auth;

import java.util.Set;

/**
 * Who is calling: resolved from the bearer token on every API call.
 *
 * @param reviewerTeam the caller's team reviews every team's requests (the DBAs)
 */
public record Caller(String username, String teamId, Set<Role> roles, boolean reviewerTeam) {

    /** The identity of the admin bootstrap token from configuration. */
    public static final String BOOTSTRAP_ADMIN = "bootstrap-admin";

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Sees (and, with the right role, acts on) requests of every team. */
    public boolean seesAllTeams() {
        return isAdmin() || reviewerTeam;
    }

    public boolean canSee(String requestTeam) {
        return seesAllTeams() || requestTeam.equals(teamId);
    }

    /** How the caller appears in timelines and events. */
    public String actor() {
        return "member:" + username;
    }
}
