package com.logicore.dbp.requests.auth;

/** What a member may do: submit requests, approve others' requests, administer teams and tokens. */
public enum Role {
    REQUESTER,
    APPROVER,
    ADMIN
}
