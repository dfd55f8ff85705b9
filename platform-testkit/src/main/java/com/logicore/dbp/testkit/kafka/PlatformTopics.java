package com.logicore.dbp.testkit.kafka;

import com.logicore.dbp.events.Topic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every platform topic (and its dead-letter topic) that does not exist yet, with its partition count. */
public final class PlatformTopics {

    private PlatformTopics() {}

    /** @return the names of the topics that were created (empty when all existed) */
    public static List<String> createMissing(String bootstrapServers, short replicationFactor) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "60000"))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Topic.allWithDeadLetters().stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                            .configs(spec.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }
}
