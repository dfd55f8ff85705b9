package com.logicore.dbp.approval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Policy thresholds. */
@ConfigMapping(prefix = "dbp.policy")
public interface PolicyConfig {

    /** A CREATE_INDEX on a table with at most this many rows (planner estimate) runs without a person approving. */
    @WithDefault("100000")
    long autoApproveIndexMaxRows();

    /** Token request-api presents to POST /api/v1/policy/evaluate; without one that endpoint refuses every call. */
    java.util.Optional<String> serviceToken();

    /** How long a request may wait for its approvals before it EXPIRES. */
    @WithDefault("72h")
    java.time.Duration approvalTimeout();
}
