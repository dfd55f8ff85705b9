package com.logicore.dbp.requests.grants;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.rest.dto.RequestView;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.config.ConfigMapping;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * An access grant's connection details, for its requester only: fetched from the migration worker (which keeps the
 * secret encrypted) at the moment they are asked for, never stored here, never logged, never in an event or the
 * timeline.
 */
@ApplicationScoped
public class GrantCredentials {

    /** How request-api reaches the worker's grants API (its URL is {@code quarkus.rest-client.grants.url}). */
    @ConfigMapping(prefix = "dbp.grants")
    public interface Config {
        /** The worker's {@code dbp.grants.service-token}; without it credentials cannot be fetched (503). */
        Optional<String> serviceToken();
    }

    private final GrantsClient worker;
    private final Config config;

    public GrantCredentials(@RestClient GrantsClient worker, Config config) {
        this.worker = worker;
        this.config = config;
    }

    /** The details of {@code request}'s grant, which the caller can already see. */
    public Uni<JsonNode> of(Caller caller, RequestView request) {
        if (!RequestType.ACCESS_GRANT.name().equals(request.type())) {
            throw ProblemException.conflict(
                    "not-an-active-grant", "request is a " + request.type() + "; only access grants have credentials");
        }
        if (!request.submittedBy().equals(caller.username())) {
            throw ProblemException.forbidden(
                    "the credentials of an access grant go to its requester (" + request.submittedBy() + ") only");
        }
        if (!RequestState.SUCCEEDED.name().equals(request.state())) {
            throw ProblemException.conflict("not-an-active-grant", notActive(request.state()));
        }
        String token =
                config.serviceToken().orElseThrow(() -> unavailable("no dbp.grants.service-token is configured"));
        return worker.credentials("Bearer " + token, request.id()).onFailure().transform(e -> {
            int status =
                    e instanceof WebApplicationException w ? w.getResponse().getStatus() : 0;
            if (status == 404 || status == 410) {
                // the worker revoked it (expiry or early revoke) before its RequestExpired reached us
                return ProblemException.conflict("not-an-active-grant", "the access grant has ended");
            }
            Log.warnf(
                    "grant credentials unavailable requestId=%s workerStatus=%d: %s",
                    request.id(), status, e.getClass().getSimpleName());
            return unavailable("the migration worker did not answer; try again shortly");
        });
    }

    private static String notActive(String state) {
        return switch (state) {
            case "EXPIRED" -> "the access grant has ended (EXPIRED); submit a new ACCESS_GRANT";
            case "FAILED", "REJECTED", "CANCELLED" -> "the access grant was never granted (" + state + ")";
            default -> "the access grant is " + state + "; its credentials exist once it is SUCCEEDED";
        };
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(503, "grants-unavailable", "Credentials unavailable", detail, null);
    }
}
