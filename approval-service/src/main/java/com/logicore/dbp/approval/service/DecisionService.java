package com.logicore.dbp.approval.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.catalog.TargetCatalog;
import com.logicore.dbp.approval.dryrun.DryRunReport;
import com.logicore.dbp.approval.dryrun.ShadowDryRun;
import com.logicore.dbp.approval.lint.ReadQuery;
import com.logicore.dbp.approval.lint.TouchedTables;
import com.logicore.dbp.approval.persistence.Approval;
import com.logicore.dbp.approval.persistence.Evaluation;
import com.logicore.dbp.approval.persistence.SchemaOwner;
import com.logicore.dbp.approval.policy.ApprovalChain;
import com.logicore.dbp.approval.policy.PolicyDecision;
import com.logicore.dbp.approval.policy.PolicyInput;
import com.logicore.dbp.approval.policy.PolicyRules;
import com.logicore.dbp.approval.policy.TableFacts;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.PolicyEvaluated;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestCancelled;
import com.logicore.dbp.events.payload.RequestRejected;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.events.request.CreateIndexPayload;
import com.logicore.dbp.outbox.ConsumedEvents;
import com.logicore.dbp.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides on requests: evaluates each new one against policy, then approves, rejects or waits for people; turns
 * recorded human decisions into the request's decision. Every decision and the events announcing it (and the job
 * for a worker) commit in one transaction, once per incoming event.
 */
@ApplicationScoped
public class DecisionService {

    private final ConsumedEvents consumed;
    private final Outbox outbox;
    private final TargetCatalog catalog;
    private final ShadowDryRun dryRun;
    private final PolicyStore policies;

    public DecisionService(
            ConsumedEvents consumed, Outbox outbox, TargetCatalog catalog, ShadowDryRun dryRun, PolicyStore policies) {
        this.consumed = consumed;
        this.dryRun = dryRun;
        this.outbox = outbox;
        this.catalog = catalog;
        this.policies = policies;
    }

    public Uni<Void> onSubmitted(String eventId, String topic, RequestSubmitted request) {
        return gatherInput(request)
                .flatMap(input -> Panache.withTransaction(() -> consumed.firstDelivery(eventId, topic)
                        .flatMap(first -> !first
                                ? Uni.createFrom().voidItem()
                                : decide(request, input.owner(), rules().evaluate(input)))));
    }

    /** The decision policy would take on this request, with nothing stored or emitted (a team's pre-check from CI). */
    public Uni<PolicyDecision> evaluateOnly(RequestSubmitted request) {
        return gatherInput(request).map(input -> rules().evaluate(input));
    }

    private PolicyRules rules() {
        return policies.current().rules();
    }

    /** Everything policy looks at: catalog facts, ownership, and for migrations the dry run. */
    private Uni<PolicyInput> gatherInput(RequestSubmitted request) {
        CreateIndexPayload index = request.type() == RequestType.CREATE_INDEX
                ? EventJson.mapper().convertValue(request.payload(), CreateIndexPayload.class)
                : null;
        // Facts from the target database are read before the transaction: another database, read only.
        Uni<Optional<TableFacts>> facts = index == null
                ? Uni.createFrom().item(Optional.empty())
                : catalog.table(request.targetSchema(), index.table());
        Uni<Map<String, TableFacts>> touched = request.type() == RequestType.BACKUP
                ? catalog.tablesOf(request.targetSchema())
                : catalog.tables(touchedTables(request));
        Uni<Ownership> ownership =
                Panache.withSession(() -> SchemaOwner.of(request.targetDatabase(), request.targetSchema())
                        .flatMap(owner -> SchemaOwner.ownedBy(request.targetDatabase(), request.team())
                                .map(owned -> new Ownership(owner, owned))));
        Context context = Vertx.currentContext();
        Uni<Set<String>> existingSchemas = catalog.existingSchemas(schemasToCreate(request));
        Uni<Optional<PolicyInput.EarlierRequest>> referenced = referencedRequest(request);
        return Uni.combine()
                .all()
                .unis(facts, touched, ownership, existingSchemas, referenced)
                .asTuple()
                .flatMap(gathered -> dryRunIfSafe(request, gathered.getItem3(), context)
                        .map(dryRun -> new PolicyInput(
                                request.type(),
                                request.team(),
                                request.targetDatabase(),
                                request.targetSchema(),
                                gathered.getItem3().owner(),
                                gathered.getItem3().owned(),
                                request.payload(),
                                gathered.getItem1(),
                                gathered.getItem2(),
                                gathered.getItem4(),
                                gathered.getItem5(),
                                dryRun)));
    }

    /** The schemas a request would create: they must not exist yet. */
    private static Set<String> schemasToCreate(RequestSubmitted request) {
        return switch (request.type()) {
            case PROVISION_SCHEMA -> Set.of(request.targetSchema());
            case RESTORE -> Set.of(request.payload().path("intoSchema").asText());
            default -> Set.of();
        };
    }

    /** The earlier request a ROLLBACK or RESTORE names, as this service decided it. */
    private static Uni<Optional<PolicyInput.EarlierRequest>> referencedRequest(RequestSubmitted request) {
        String field =
                switch (request.type()) {
                    case ROLLBACK -> "schemaChangeRequestId";
                    case RESTORE -> "backupRequestId";
                    default -> null;
                };
        if (field == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        UUID id;
        try {
            id = UUID.fromString(request.payload().path(field).asText());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.withSession(() -> Evaluation.<Evaluation>findById(id))
                .map(earlier -> Optional.ofNullable(earlier)
                        .map(e -> new PolicyInput.EarlierRequest(
                                e.requestId.toString(),
                                RequestType.valueOf(e.type),
                                e.team,
                                e.targetDatabase,
                                e.targetSchema,
                                e.status.name(),
                                EventJson.read(e.payload.getBytes(StandardCharsets.UTF_8), JsonNode.class))));
    }

    /** Who owns the target schema, and every schema the requesting team owns. */
    private record Ownership(Optional<String> owner, Set<String> owned) {}

    /**
     * Dry-runs a SCHEMA_CHANGE of the schema's owner whose static analysis found nothing forbidden (a statement policy
     * refuses anyway is never executed, not even in a shadow schema). Blocking JDBC: runs on a worker thread, and the
     * result comes back on the event's Vert.x context for the transaction that follows.
     */
    private Uni<DryRunReport> dryRunIfSafe(RequestSubmitted request, Ownership ownership, Context context) {
        if (request.type() != RequestType.SCHEMA_CHANGE) {
            return Uni.createFrom().nullItem();
        }
        if (!ownership.owner().map(request.team()::equals).orElse(false)) {
            return Uni.createFrom().item(DryRunReport.skipped("not run: the team does not own the schema"));
        }
        if (rules().hasStaticBlockers(request.payload(), request.targetDatabase(), request.team(), ownership.owned())) {
            return Uni.createFrom()
                    .item(DryRunReport.skipped("not run: static analysis already refuses the migration"));
        }
        List<String> scripts = new ArrayList<>();
        request.payload()
                .path("migrations")
                .forEach(m -> scripts.add(m.path("sql").asText()));
        return Uni.createFrom()
                .item(() -> dryRun.run(request.team(), request.targetSchema(), scripts))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /** The existing tables a SCHEMA_CHANGE acts on or an export reads, to read their size before deciding. */
    private static java.util.Set<String> touchedTables(RequestSubmitted request) {
        if (request.type() == RequestType.DATA_EXPORT) {
            JsonNode query = request.payload().path("query");
            if (query.isTextual() && !query.asText().isBlank()) {
                return ReadQuery.of(query.asText(), request.targetSchema()).tables();
            }
            java.util.Set<String> tables = new java.util.LinkedHashSet<>();
            request.payload().path("tables").forEach(t -> tables.add(request.targetSchema() + "." + t.asText()));
            return tables;
        }
        if (request.type() != RequestType.SCHEMA_CHANGE) {
            return java.util.Set.of();
        }
        java.util.Set<String> tables = new java.util.LinkedHashSet<>();
        request.payload()
                .path("migrations")
                .forEach(migration ->
                        tables.addAll(TouchedTables.of(migration.path("sql").asText(), request.targetSchema())));
        return tables;
    }

    private Uni<Void> decide(RequestSubmitted request, Optional<String> owner, PolicyDecision decision) {
        String id = request.requestId();
        Evaluation evaluation = new Evaluation();
        evaluation.requestId = UUID.fromString(id);
        evaluation.type = request.type().name();
        evaluation.team = request.team();
        evaluation.submittedBy = request.submittedBy();
        evaluation.targetDatabase = request.targetDatabase();
        evaluation.targetSchema = request.targetSchema();
        evaluation.payload = request.payload().toString();
        evaluation.outcome = decision.outcome().name();
        evaluation.risk = decision.risk().name();
        evaluation.findings = new String(EventJson.write(decision.findings()), StandardCharsets.UTF_8);
        evaluation.evaluatedAt = now();
        evaluation.ownerTeam = owner.orElse(null);
        evaluation.directives = new String(EventJson.write(decision.directives()), StandardCharsets.UTF_8);
        evaluation.policyVersion = decision.policyVersion();
        evaluation.status = switch (decision.outcome()) {
            case AUTO_APPROVED -> Evaluation.Status.APPROVED;
            case NEEDS_APPROVAL -> Evaluation.Status.AWAITING_APPROVAL;
            case REJECTED -> Evaluation.Status.REJECTED;};
        if (evaluation.status != Evaluation.Status.AWAITING_APPROVAL) {
            evaluation.decidedAt = evaluation.evaluatedAt;
        }
        List<ApprovalChain.Kind> chain = decision.approvals();
        if (evaluation.status == Evaluation.Status.AWAITING_APPROVAL) {
            evaluation.approvalsNeeded = ApprovalChain.encode(chain);
            evaluation.expiresAt = evaluation.evaluatedAt.plus(decision.approvalTimeout());
        }
        Log.infof(
                "policy decided requestId=%s type=%s team=%s outcome=%s risk=%s policyVersion=%d",
                id, request.type(), request.team(), decision.outcome(), decision.risk(), decision.policyVersion());
        var evaluated = new PolicyEvaluated(id, decision.outcome().name(), decision.risk(), decision.findings());
        return evaluation
                .persist()
                .flatMap(saved -> outbox.append(EventType.POLICY_EVALUATED, id, id, evaluated))
                .flatMap(sent -> switch (decision.outcome()) {
                    case AUTO_APPROVED -> approve(evaluation, List.of(), decision.reason());
                    case NEEDS_APPROVAL -> outbox.append(
                                    EventType.APPROVAL_REQUIRED,
                                    id,
                                    id,
                                    new ApprovalRequired(id, chain.size(), names(chain), decision.reason()))
                            .replaceWithVoid();
                    case REJECTED -> outbox.append(
                                    EventType.REQUEST_REJECTED,
                                    id,
                                    id,
                                    new RequestRejected(id, "policy", decision.reason(), decision.findings()))
                            .replaceWithVoid();
                });
    }

    public Uni<Void> onApprovalRecorded(String eventId, String topic, ApprovalRecorded recorded) {
        return Panache.withTransaction(() -> consumed.firstDelivery(eventId, topic)
                .flatMap(first -> !first
                        ? Uni.createFrom().voidItem()
                        : Evaluation.<Evaluation>findById(
                                        UUID.fromString(recorded.requestId()), LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(evaluation -> record(evaluation, recorded))));
    }

    private Uni<Void> record(Evaluation evaluation, ApprovalRecorded recorded) {
        String id = recorded.requestId();
        if (evaluation == null || evaluation.status != Evaluation.Status.AWAITING_APPROVAL) {
            Log.infof(
                    "approval ignored requestId=%s status=%s approver=%s",
                    id, evaluation == null ? "unknown" : evaluation.status, recorded.approver());
            return Uni.createFrom().voidItem();
        }
        if (evaluation.submittedBy.equals(recorded.approver())
                || !recorded.approverRoles().contains("APPROVER")) {
            // request-api enforces both; a second check here keeps a forged event from approving anything.
            Log.warnf(
                    "approval refused requestId=%s approver=%s: own request or not an approver",
                    id, recorded.approver());
            return Uni.createFrom().voidItem();
        }
        return Approval.<Approval>list("requestId", evaluation.requestId).flatMap(earlier -> {
            if (recorded.decision() == ApprovalRecorded.Decision.APPROVE
                    && earlier.stream().anyMatch(a -> a.approver.equals(recorded.approver()))) {
                Log.infof(
                        "second approval by the same person counts once requestId=%s approver=%s",
                        id, recorded.approver());
                return Uni.createFrom().voidItem();
            }
            Approval approval = new Approval();
            approval.requestId = evaluation.requestId;
            approval.approver = recorded.approver();
            approval.decision = recorded.decision().name();
            approval.comment = recorded.comment();
            approval.decidedAt = now();
            String reason = recorded.comment() == null
                    ? recorded.decision() + " by " + recorded.approver()
                    : recorded.comment();
            return approval.persist().flatMap(saved -> {
                if (recorded.decision() == ApprovalRecorded.Decision.REJECT) {
                    // A rejection ends the chain.
                    evaluation.status = Evaluation.Status.REJECTED;
                    evaluation.decidedAt = approval.decidedAt;
                    return outbox.append(
                                    EventType.REQUEST_REJECTED,
                                    id,
                                    id,
                                    new RequestRejected(id, recorded.approver(), reason, List.of()))
                            .replaceWithVoid();
                }
                return advance(evaluation, recorded, earlier, reason);
            });
        });
    }

    /** Ticks off the approval this approver gives; approves once nothing is missing. */
    private Uni<Void> advance(Evaluation evaluation, ApprovalRecorded recorded, List<Approval> earlier, String reason) {
        String id = recorded.requestId();
        List<ApprovalChain.Kind> remaining = ApprovalChain.decode(evaluation.approvalsNeeded);
        var advanced = ApprovalChain.advance(
                remaining,
                recorded.approverIsReviewer(),
                evaluation.owningTeam().equals(recorded.approverTeam()));
        if (advanced.isEmpty()) {
            return outbox.append(
                            EventType.APPROVAL_REQUIRED,
                            id,
                            id,
                            new ApprovalRequired(
                                    id,
                                    remaining.size(),
                                    names(remaining),
                                    recorded.approver() + "'s approval does not count toward the missing "
                                            + names(remaining)))
                    .replaceWithVoid();
        }
        evaluation.approvalsNeeded = ApprovalChain.encode(advanced.get());
        if (!advanced.get().isEmpty()) {
            return outbox.append(
                            EventType.APPROVAL_REQUIRED,
                            id,
                            id,
                            new ApprovalRequired(
                                    id,
                                    advanced.get().size(),
                                    names(advanced.get()),
                                    "approved by " + recorded.approver() + "; still needed: " + names(advanced.get())))
                    .replaceWithVoid();
        }
        evaluation.status = Evaluation.Status.APPROVED;
        evaluation.decidedAt = now();
        List<String> approvers = new java.util.ArrayList<>(earlier.stream()
                .filter(a -> a.decision.equals(ApprovalRecorded.Decision.APPROVE.name()))
                .map(a -> a.approver)
                .toList());
        approvers.add(recorded.approver());
        return approve(evaluation, approvers, reason);
    }

    private static List<String> names(List<ApprovalChain.Kind> kinds) {
        return kinds.stream().map(Enum::name).toList();
    }

    public Uni<Void> onCancelled(String eventId, String topic, RequestCancelled cancelled) {
        return Panache.withTransaction(() -> consumed.firstDelivery(eventId, topic)
                .flatMap(first -> !first
                        ? Uni.createFrom().voidItem()
                        : Evaluation.<Evaluation>findById(
                                        UUID.fromString(cancelled.requestId()), LockModeType.PESSIMISTIC_WRITE)
                                .invoke(evaluation -> {
                                    if (evaluation != null
                                            && evaluation.status == Evaluation.Status.AWAITING_APPROVAL) {
                                        evaluation.status = Evaluation.Status.CANCELLED;
                                        evaluation.decidedAt = now();
                                    }
                                })
                                .replaceWithVoid()));
    }

    /** RequestApproved, and the job for the worker that executes this type (if a worker topic runs it). */
    private Uni<Void> approve(Evaluation evaluation, List<String> approvers, String reason) {
        String id = evaluation.requestId.toString();
        RequestType type = RequestType.valueOf(evaluation.type);
        var job = new JobRequested(
                id,
                type,
                evaluation.team,
                evaluation.submittedBy,
                evaluation.targetDatabase,
                evaluation.targetSchema,
                EventJson.read(evaluation.payload.getBytes(StandardCharsets.UTF_8), JsonNode.class),
                EventJson.read(evaluation.directives.getBytes(StandardCharsets.UTF_8), JsonNode.class));
        Uni<UUID> approved =
                outbox.append(EventType.REQUEST_APPROVED, id, id, new RequestApproved(id, approvers, reason));
        if (type.jobTopic() == null) {
            return approved.replaceWithVoid();
        }
        String key = type.jobTopic() == com.logicore.dbp.events.Topic.MIGRATION_JOBS ? job.schemaKey() : id;
        return approved.flatMap(
                        sent -> outbox.append(type.jobTopic().topicName(), EventType.JOB_REQUESTED, key, id, job))
                .replaceWithVoid();
    }

    public Uni<Void> onOwnershipChanged(String database, String schema, String team) {
        return Panache.withTransaction(() -> team == null
                        ? SchemaOwner.release(database, schema).replaceWithVoid()
                        : SchemaOwner.assign(database, schema, team).replaceWithVoid())
                .invoke(() -> Log.infof("schema owner database=%s schema=%s team=%s", database, schema, team));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
