package com.logicore.dbp.approval.service;

import com.logicore.dbp.approval.config.PolicyConfig;
import com.logicore.dbp.approval.policy.PolicyFile;
import com.logicore.dbp.approval.policy.PolicyRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The policy in force. Loaded at start (an invalid file stops the service with the reason), re-read when the file
 * changes; a changed file that is invalid is refused, logged and reported by {@code GET /api/v1/policy}, and the
 * previous policy stays in force.
 */
@ApplicationScoped
@Startup
public class PolicyStore {

    /** A policy put in force. */
    public record Loaded(PolicyRules rules, String source, String sha256, Instant loadedAt) {}

    /** The last time a changed file was refused. */
    public record Refusal(String sha256, String reason, Instant at) {}

    private static final String BUILT_IN = "policy/default-policy.yaml";

    private final PolicyConfig config;
    private final Counter refusals;
    private volatile Loaded current;
    private volatile Refusal lastRefusal;

    public PolicyStore(PolicyConfig config, MeterRegistry registry) {
        this.config = config;
        this.refusals = Counter.builder("dbp.policy.reload.refused")
                .description("changed policy files refused because they were invalid")
                .register(registry);
        try {
            this.current = load(read());
        } catch (PolicyFile.InvalidPolicyException e) {
            throw new IllegalStateException("policy " + source() + " cannot be put in force: " + e.getMessage(), e);
        }
        Gauge.builder(
                        "dbp.policy.version",
                        this,
                        store -> store.current().rules().file().version())
                .description("version number of the policy file in force")
                .register(registry);
        Log.infof(
                "policy in force source=%s version=%d environment=%s sha256=%s",
                current.source(), current.rules().file().version(), config.environment(), current.sha256());
    }

    public Loaded current() {
        return current;
    }

    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    public String environment() {
        return config.environment();
    }

    @Scheduled(every = "${dbp.policy.reload-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadIfChanged() {
        reload();
    }

    /**
     * Reads the policy file again and puts it in force if it changed and is valid.
     *
     * @return the refusal when the changed file is invalid (the previous policy stays), else empty
     */
    public synchronized Optional<Refusal> reload() {
        String text;
        try {
            text = read();
        } catch (UncheckedIOException e) {
            Log.warnf("policy file %s cannot be read (%s); the policy in force stays", source(), e.getMessage());
            return Optional.empty();
        }
        String sha256 = sha256(text);
        if (sha256.equals(current.sha256())) {
            return Optional.empty();
        }
        if (lastRefusal != null && sha256.equals(lastRefusal.sha256())) {
            return Optional.of(lastRefusal); // refused before; say so once, not every few seconds
        }
        try {
            Loaded loaded = load(text);
            Log.infof(
                    "policy reloaded source=%s version=%d (was %d) sha256=%s",
                    loaded.source(),
                    loaded.rules().file().version(),
                    current.rules().file().version(),
                    sha256);
            current = loaded;
            lastRefusal = null;
            return Optional.empty();
        } catch (PolicyFile.InvalidPolicyException e) {
            refusals.increment();
            lastRefusal = new Refusal(sha256, e.getMessage(), Instant.now());
            Log.errorf(
                    "policy file %s refused, version %d stays in force: %s",
                    source(), current.rules().file().version(), e.getMessage());
            return Optional.of(lastRefusal);
        }
    }

    private Loaded load(String text) throws PolicyFile.InvalidPolicyException {
        PolicyFile file = PolicyFile.parse(text);
        return new Loaded(new PolicyRules(file, config.environment()), source(), sha256(text), Instant.now());
    }

    private String source() {
        return config.file().orElse("classpath:" + BUILT_IN);
    }

    private String read() {
        try {
            if (config.file().isPresent()) {
                return Files.readString(Path.of(config.file().get()), StandardCharsets.UTF_8);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IOException(BUILT_IN + " is missing from the service");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
