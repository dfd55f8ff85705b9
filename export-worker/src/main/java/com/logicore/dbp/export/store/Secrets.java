package com.logicore.dbp.export.store;

import com.logicore.dbp.export.config.ExportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The worker's two secrets: the key that names files (unguessable, yet the same for the same request so a retried
 * export replaces its own file instead of leaving a second copy) and the masking hash salt. Configured values win;
 * otherwise each is generated once into the store (owner-only file) so it survives restarts.
 */
@ApplicationScoped
public class Secrets {

    private final ExportConfig config;
    private String nameSecret;
    private String hashSalt;

    public Secrets(ExportConfig config) {
        this.config = config;
    }

    public synchronized String nameSecret() {
        if (nameSecret == null) {
            nameSecret = config.nameSecret().orElseGet(() -> fromFile(".name-secret"));
        }
        return nameSecret;
    }

    public synchronized String hashSalt() {
        if (hashSalt == null) {
            hashSalt = config.hashSalt().orElseGet(() -> fromFile(".hash-salt"));
        }
        return hashSalt;
    }

    private String fromFile(String name) {
        Path file = Path.of(config.store()).resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Path temp = Files.createTempFile(file.getParent(), name, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(temp, secret, StandardCharsets.UTF_8);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
        }
    }
}
