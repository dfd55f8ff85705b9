package com.logicore.dbp.approval.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.logicore.dbp.events.RequestType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The policy file the service ships with. */
    static PolicyFile builtIn() {
        try {
            return PolicyFile.parse(builtInText());
        } catch (PolicyFile.InvalidPolicyException e) {
            throw new AssertionError(e);
        }
    }

    /** The shipped policy with a YAML overlay merged over it (objects key by key). */
    static PolicyFile builtInWith(String overlay) throws PolicyFile.InvalidPolicyException {
        return PolicyFile.parse(builtInTextWith(overlay));
    }

    static String builtInTextWith(String overlay) {
        try {
            ObjectNode base = (ObjectNode) YAML.readTree(builtInText());
            merge(base, YAML.readTree(overlay));
            return YAML.writeValueAsString(base);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void merge(ObjectNode base, JsonNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            if (base.get(field.getKey()) instanceof ObjectNode below
                    && field.getValue().isObject()) {
                merge(below, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    private static String builtInText() {
        try (InputStream in = PolicyFileTest.class.getClassLoader().getResourceAsStream("policy/default-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void layersOverrideFieldByFieldInOrderDefaultsEnvironmentDatabaseTeam() throws Exception {
        PolicyFile file = builtInWith(
                """
                databases:
                  logicore:
                    accessGrant: {maxHours: 100}
                    thresholds: {largeTableRows: 5000}
                teams:
                  analytics:
                    accessGrant: {maxHours: 300}
                """);
        var plain = file.settingsFor("local", "logicore", "routing");
        assertThat(plain.accessGrant().maxHours()).isEqualTo(100);
        assertThat(plain.accessGrant().autoApproveMaxHours())
                .as("untouched fields inherit")
                .isEqualTo(8);
        assertThat(plain.thresholds().largeTableSize()).isEqualTo("1GB");
        assertThat(file.settingsFor("local", "logicore", "analytics")
                        .accessGrant()
                        .maxHours())
                .isEqualTo(300);
        var production = file.settingsFor("production", "tracking", "routing");
        assertThat(production.autoApprove().get(RequestType.SCHEMA_CHANGE)).isEqualTo(PolicySettings.AutoApprove.NEVER);
        assertThat(production.autoApprove().get(RequestType.CREATE_INDEX)).isEqualTo(PolicySettings.AutoApprove.LOW);
        assertThat(production.accessGrant().autoApproveMaxHours()).isEqualTo(4);
        assertThat(production.approvalTimeoutDuration()).hasHours(72);
    }

    @Test
    void thePiiCatalogSaysHowEachColumnIsMasked() {
        var drivers = builtIn().piiOf("logicore").get("fleet.drivers");
        assertThat(drivers.get("phone")).isEqualTo(new Masking(Masking.Method.PARTIAL, 2));
        assertThat(drivers.get("email").method()).isEqualTo(Masking.Method.HASH);
        assertThat(builtIn().piiOf("nowhere")).isEmpty();
    }

    @Test
    void aFileThatIsNotYamlIsRefused() {
        assertThatThrownBy(() -> PolicyFile.parse("version: 1\ndefaults: @oops\n"))
                .isInstanceOf(PolicyFile.InvalidPolicyException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLineAndPath() {
        assertThatThrownBy(() -> builtInWith("defaults:\n  thresholds:\n    largeTableRow: 5\n"))
                .isInstanceOf(PolicyFile.InvalidPolicyException.class)
                .hasMessageContaining("defaults.thresholds.largeTableRow")
                .hasMessageContaining("line ");
    }

    @Test
    void unknownRulesAndRelaxedSecurityRulesAreRefused() {
        assertThatThrownBy(() -> builtInWith("defaults:\n  rules:\n    index.not-concurent: off\n"))
                .hasMessageContaining("rules.index.not-concurent is not a rule");
        assertThatThrownBy(() -> builtInWith("teams:\n  routing:\n    rules:\n      security.copy: warning\n"))
                .hasMessageContaining(
                        "defaults + teams.routing: rules.security.copy: security rules are always errors");
        assertThatThrownBy(() -> builtInWith("defaults:\n  rules:\n    lint.unclassified: off\n"))
                .hasMessageContaining("never passed silently");
    }

    @Test
    void impossibleCombinationsOfLayersAreRefusedNamingTheLayers() throws Exception {
        assertThatThrownBy(() -> builtInWith("teams:\n  routing:\n    accessGrant: {maxHours: 2}\n"))
                .hasMessageContaining(
                        "defaults + teams.routing: accessGrant.autoApproveMaxHours must be 0 to maxHours (2)");
        assertThatThrownBy(() -> builtInWith("environments:\n  staging:\n    approvalTimeout: soon\n"))
                .hasMessageContaining("defaults + environments.staging: approvalTimeout must be like 72h");
        assertThatThrownBy(() -> builtInWith("defaults:\n  autoApprove: {DROP_DATABASE: LOW}\n"))
                .hasMessageContaining("DROP_DATABASE");
        assertThatThrownBy(() -> builtInWith("defaults:\n  approvers: {HIGH: []}\n"))
                .hasMessageContaining("approvers.HIGH must name one or more different kinds");
        assertThat(builtInWith("teams:\n  routing:\n    export: {rowLimits: {support: 10}}\n")
                        .settingsFor("local", "logicore", "routing")
                        .export()
                        .rowLimits())
                .as("an override map merges into the map below it, so its default line stays")
                .containsEntry("support", 10L)
                .containsEntry("default", 1_000_000L);
    }

    @Test
    void aBadPiiLineIsRefused() {
        assertThatThrownBy(() -> builtInWith("pii:\n  logicore:\n    drivers:\n      phone: redact\n"))
                .hasMessageContaining("pii.logicore.drivers: name tables as schema.table");
        assertThatThrownBy(() -> builtInWith("pii:\n  logicore:\n    fleet.drivers:\n      phone: scramble\n"))
                .hasMessageContaining("scramble");
        assertThatThrownBy(() ->
                        builtInWith("pii:\n  logicore:\n    fleet.drivers:\n      phone: {method: hash, keep: 3}\n"))
                .hasMessageContaining("keep is for partial masking only");
    }

    @Test
    void aFileWithoutVersionOrDefaultsIsRefused() {
        assertThatThrownBy(() -> PolicyFile.parse("teams: {}\n"))
                .hasMessageContaining("version")
                .hasMessageContaining("defaults: missing");
    }
}
