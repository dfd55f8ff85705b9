package com.logicore.dbp.approval.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How each approval advances a chain of required approvals (the policy file says which kinds a request needs): a DBA
 * is an APPROVER of a reviewer team, an OWNER an APPROVER of the team that owns the data, ANY any APPROVER. The
 * requester never counts, and a person counts once.
 */
public final class ApprovalChain {

    /** A kind of approval a chain can ask for. */
    public enum Kind {
        DBA,
        OWNER,
        ANY
    }

    private ApprovalChain() {}

    /**
     * The chain after one more approval: the most specific missing kind this approver satisfies is ticked off.
     *
     * @return the remaining kinds, or empty when this approver satisfies none of them
     */
    public static Optional<List<Kind>> advance(
            List<Kind> remaining, boolean approverIsReviewer, boolean approverIsOwner) {
        for (Kind kind : List.of(Kind.DBA, Kind.OWNER, Kind.ANY)) {
            boolean satisfies =
                    switch (kind) {
                        case DBA -> approverIsReviewer;
                        case OWNER -> approverIsOwner;
                        case ANY -> true;
                    };
            if (satisfies && remaining.contains(kind)) {
                List<Kind> left = new ArrayList<>(remaining);
                left.remove(kind);
                return Optional.of(left);
            }
        }
        return Optional.empty();
    }

    public static String encode(List<Kind> kinds) {
        return String.join(",", kinds.stream().map(Enum::name).toList());
    }

    public static List<Kind> decode(String kinds) {
        return kinds == null || kinds.isBlank()
                ? List.of()
                : java.util.Arrays.stream(kinds.split(",")).map(Kind::valueOf).toList();
    }
}
