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
    HEALTH("dbp.health", 3, "resource");

    /** Suffix of the dead-letter topic that receives a topic's poison messages with the failure reason. */
    public static final String DLQ_SUFFIX = ".dlq";

    private final String topicName;
    private final int partitions;
    private final String keyedBy;

    Topic(String topicName, int partitions, String keyedBy) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.keyedBy = keyedBy;
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

    /** Every topic the platform needs, dead-letter topics included, as (name, partitions) pairs to create. */
    public static List<TopicSpec> allWithDeadLetters() {
        return Arrays.stream(values())
                .flatMap(t -> java.util.stream.Stream.of(
                        new TopicSpec(t.topicName, t.partitions), new TopicSpec(t.deadLetterTopicName(), 1)))
                .toList();
    }

    /** A topic to create: its name and partition count. */
    public record TopicSpec(String name, int partitions) {}
}
