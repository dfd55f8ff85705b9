package com.logicore.dbp.requests.auth;

import com.logicore.dbp.requests.rest.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;

/** Holds the authenticated caller of the current HTTP request. */
@RequestScoped
public class CallerContext {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        if (caller == null) {
            throw ProblemException.unauthorized("no authenticated caller");
        }
        return caller;
    }

    public Caller requireRole(Role role) {
        Caller current = caller();
        if (!current.has(role)) {
            throw ProblemException.forbidden(
                    "this needs the " + role + " role; " + current.username() + " has " + current.roles());
        }
        return current;
    }
}
