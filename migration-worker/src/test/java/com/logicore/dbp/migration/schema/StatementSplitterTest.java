package com.logicore.dbp.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    @Test
    void splitsLikeFlywayAndKnowsWhatCannotRunInATransaction() {
        var statements = StatementSplitter.split(
                """
                -- parcels get a weight class
                ALTER TABLE parcels ADD COLUMN weight_class text;
                CREATE FUNCTION weight_class(kg numeric) RETURNS text LANGUAGE plpgsql AS $$
                BEGIN
                  RETURN CASE WHEN kg < 5 THEN 'S'; ELSE 'L' END;
                END;
                $$;
                CREATE INDEX CONCURRENTLY parcels_weight_class_idx ON parcels (weight_class);
                """);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(1).sql()).contains("RETURN CASE");
        assertThat(statements.get(0).transactional()).isTrue();
        assertThat(statements.get(2).transactional()).isFalse();
    }

    @Test
    void alembicOfflineOutputLosesOnlyItsOuterTransaction() {
        String alembic =
                """
                BEGIN;

                CREATE TABLE alembic_version (
                    version_num VARCHAR(32) NOT NULL,\s
                    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
                );

                -- Running upgrade  -> 1975ea83b712

                CREATE TABLE depots (
                    id SERIAL NOT NULL,\s
                    code VARCHAR(8) NOT NULL,\s
                    PRIMARY KEY (id)
                );

                INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712') RETURNING alembic_version.version_num;

                COMMIT;
                """;
        var statements = StatementSplitter.split(alembic);
        assertThat(statements)
                .extracting(s -> s.sql().replaceAll("(?m)^--.*$", "").strip().split("\\s+")[0])
                .containsExactly("CREATE", "CREATE", "INSERT");
    }

    @Test
    void aScriptWithoutAnOuterTransactionIsLeftAlone() {
        assertThat(TransactionWrapper.unwrap("CREATE TABLE a (id int);\nCOMMIT;"))
                .isEqualTo("CREATE TABLE a (id int);\nCOMMIT;");
    }
}
