package com.logicore.dbp.events;

import java.util.Arrays;
import java.util.List;

/**
 * The platform's Kafka topics, with the partition count each is created with and what its records are keyed by.
 *
 * <p>Partition counts are sized for "more load = more consumer instances": every topic has enough partitions for a
 * handful of instances per consumer group, and keys keep per-request (or per-schema) order.
 */
public enum Topic {
    REQUESTS("dbp.requests", 6, "request id"),
    DECISIONS("dbp.decisions", 6, "request id"),
    MIGRATION_JOBS("dbp.jobs.migration", 12, "target database/schema"),
    EXPORT_JOBS("dbp.jobs.export", 6, "request id"),
    JOB_STATUS("dbp.job-status", 6, "request id"),
    HEALTH("dbp.health", 3, "resource"),
    /** Compacted: the current owner of each target schema. */
    OWNERSHIP("dbp.ownership", 3, "target database/schema", true);

    /** Suffix of the dead-letter topic that receives a topic's poison messages with the failure reason. */
    public static final String DLQ_SUFFIX = ".dlq";

    private final String topicName;
    private final int partitions;
    private final String keyedBy;
    private final boolean compacted;

    Topic(String topicName, int partitions, String keyedBy) {
        this(topicName, partitions, keyedBy, false);
    }

    Topic(String topicName, int partitions, String keyedBy, boolean compacted) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.keyedBy = keyedBy;
        this.compacted = compacted;
    }

    /** A compacted topic keeps the latest record per key forever: a table, not a stream. */
    public boolean compacted() {
        return compacted;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    public String keyedBy() {
        return keyedBy;
    }

    public String deadLetterTopicName() {
        return topicName + DLQ_SUFFIX;
    }

    /** Every topic the platform needs, dead-letter topics included. */
    public static List<TopicSpec> allWithDeadLetters() {
        return Arrays.stream(values())
                .flatMap(t -> java.util.stream.Stream.of(
                        new TopicSpec(t.topicName, t.partitions, t.compacted),
                        new TopicSpec(t.deadLetterTopicName(), 1, false)))
                .toList();
    }

    /** A topic to create: its name, partition count and cleanup policy. */
    public record TopicSpec(String name, int partitions, boolean compacted) {}
}
