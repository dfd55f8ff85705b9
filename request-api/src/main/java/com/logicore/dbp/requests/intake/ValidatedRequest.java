package com.logicore.dbp.requests.intake;

import com.logicore.dbp.events.RequestType;

/**
 * A request body that passed validation.
 *
 * @param payloadJson the payload in its canonical form (as the payload record serialises)
 * @param bodyHash SHA-256 of the canonical request, to tell an idempotent retry from a different request
 */
public record ValidatedRequest(
        RequestType type,
        String targetDatabase,
        String targetSchema,
        String payloadJson,
        String reason,
        String bodyHash) {}
