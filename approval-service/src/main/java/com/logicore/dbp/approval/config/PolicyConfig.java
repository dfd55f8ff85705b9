package com.logicore.dbp.approval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the policy comes from; the policy itself (thresholds, approvers, timeouts, PII) is the policy file. */
@ConfigMapping(prefix = "dbp.policy")
public interface PolicyConfig {

    /**
     * The policy file (YAML). Without one, the built-in {@code policy/default-policy.yaml} is in force. The file is
     * re-read when it changes; an invalid version is refused and the previous policy stays.
     */
    Optional<String> file();

    /** How often the policy file is checked for changes (read by the scheduler as {@code dbp.policy.reload-interval}). */
    @WithDefault("5s")
    String reloadInterval();

    /** Which {@code environments.<name>} layer of the policy file applies here. */
    @WithDefault("local")
    String environment();

    /** Token request-api presents to the policy API; without one those endpoints refuse every call. */
    Optional<String> serviceToken();
}
