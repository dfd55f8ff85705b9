package com.logicore.dbp.migration.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void sealsAndOpensASecretForTheRowItBelongsTo() {
        String password = SecretBox.newPassword();
        var sealed = box.seal(password, "logicore/team_billing");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(password);
        assertThat(box.open(sealed, "logicore/team_billing")).isEqualTo(password);
    }

    @Test
    void aSecretMovedToAnotherRowOrKeyDoesNotOpen() {
        var sealed = box.seal("s3cret", "logicore/team_billing");
        assertThatThrownBy(() -> box.open(sealed, "logicore/team_fleet")).isInstanceOf(IllegalStateException.class);
        var otherKey = new SecretBox(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));
        assertThatThrownBy(() -> otherKey.open(sealed, "logicore/team_billing"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void passwordsAreLongAndFresh() {
        assertThat(SecretBox.newPassword()).hasSize(43).isNotEqualTo(SecretBox.newPassword());
    }
}
