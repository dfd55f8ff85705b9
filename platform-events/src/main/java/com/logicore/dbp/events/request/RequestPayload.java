package com.logicore.dbp.events.request;

import com.logicore.dbp.events.RequestType;

/** The type-specific body of a request, validated by request-api with Jakarta Bean Validation. */
public sealed interface RequestPayload
        permits SchemaChangePayload,
                CreateIndexPayload,
                ProvisionSchemaPayload,
                AccessGrantPayload,
                RollbackPayload,
                DataExportPayload,
                ArchivePayload,
                BackupPayload,
                RestorePayload,
                QueryReviewPayload {

    /** The payload record of each request type. */
    static Class<? extends RequestPayload> classOf(RequestType type) {
        return switch (type) {
            case SCHEMA_CHANGE -> SchemaChangePayload.class;
            case CREATE_INDEX -> CreateIndexPayload.class;
            case PROVISION_SCHEMA -> ProvisionSchemaPayload.class;
            case ACCESS_GRANT -> AccessGrantPayload.class;
            case ROLLBACK -> RollbackPayload.class;
            case DATA_EXPORT -> DataExportPayload.class;
            case ARCHIVE -> ArchivePayload.class;
            case BACKUP -> BackupPayload.class;
            case RESTORE -> RestorePayload.class;
            case QUERY_REVIEW -> QueryReviewPayload.class;
        };
    }
}
