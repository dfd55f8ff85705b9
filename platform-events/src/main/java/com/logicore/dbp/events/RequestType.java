package com.logicore.dbp.events;

/** Every kind of self-service request the platform accepts, and which worker (job topic) executes it. */
public enum RequestType {
    SCHEMA_CHANGE(Executor.MIGRATION_WORKER),
    CREATE_INDEX(Executor.MIGRATION_WORKER),
    PROVISION_SCHEMA(Executor.MIGRATION_WORKER),
    ACCESS_GRANT(Executor.MIGRATION_WORKER),
    ROLLBACK(Executor.MIGRATION_WORKER),
    DATA_EXPORT(Executor.EXPORT_WORKER),
    ARCHIVE(Executor.EXPORT_WORKER),
    BACKUP(Executor.EXPORT_WORKER),
    RESTORE(Executor.EXPORT_WORKER),
    QUERY_REVIEW(Executor.MONITORING_SERVICE);

    /** The service that carries out an approved request of this type. */
    public enum Executor {
        MIGRATION_WORKER,
        EXPORT_WORKER,
        MONITORING_SERVICE
    }

    private final Executor executor;

    RequestType(Executor executor) {
        this.executor = executor;
    }

    public Executor executor() {
        return executor;
    }

    /** The job topic an approved request of this type is sent to, or {@code null} when no worker topic runs it. */
    public Topic jobTopic() {
        return switch (executor) {
            case MIGRATION_WORKER -> Topic.MIGRATION_JOBS;
            case EXPORT_WORKER -> Topic.EXPORT_JOBS;
            case MONITORING_SERVICE -> null;
        };
    }
}
