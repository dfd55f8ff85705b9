package com.logicore.dbp.approval.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** The current owner of each target schema, kept from the compacted dbp.ownership topic. */
public final class SchemaOwner {

    private SchemaOwner() {}

    public static Uni<Optional<String>> of(String database, String schema) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT team FROM schema_owner WHERE target_database = :db AND schema_name = :schema",
                                String.class)
                        .setParameter("db", database)
                        .setParameter("schema", schema)
                        .getResultList())
                .map(rows -> rows.stream().findFirst());
    }

    /** Every schema of a target database the team owns. */
    public static Uni<java.util.Set<String>> ownedBy(String database, String team) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT schema_name FROM schema_owner WHERE target_database = :db AND team = :team",
                                String.class)
                        .setParameter("db", database)
                        .setParameter("team", team)
                        .getResultList())
                .map(java.util.Set::copyOf);
    }

    public static Uni<Integer> assign(String database, String schema, String team) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO schema_owner (target_database, schema_name, team) VALUES (:db, :schema, :team)"
                                + " ON CONFLICT (target_database, schema_name) DO UPDATE SET team = EXCLUDED.team")
                .setParameter("db", database)
                .setParameter("schema", schema)
                .setParameter("team", team)
                .executeUpdate());
    }

    public static Uni<Integer> release(String database, String schema) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "DELETE FROM schema_owner WHERE target_database = :db AND schema_name = :schema")
                .setParameter("db", database)
                .setParameter("schema", schema)
                .executeUpdate());
    }
}
