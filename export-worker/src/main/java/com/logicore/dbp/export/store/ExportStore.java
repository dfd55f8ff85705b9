package com.logicore.dbp.export.store;

import com.logicore.dbp.export.config.ExportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The export store, a directory: {@code exports/}, {@code archives/}, {@code backups/} for finished files and
 * {@code .partial/} for files being written. A file appears under its final name only once complete and synced
 * (write to a temporary name, fsync, atomic rename, fsync the directory), so a crash never leaves a truncated file
 * that looks finished.
 */
@ApplicationScoped
public class ExportStore {

    private final Path root;
    private final Secrets secrets;

    public ExportStore(ExportConfig config, Secrets secrets) {
        this.root = Path.of(config.store()).toAbsolutePath();
        this.secrets = secrets;
    }

    public Path root() {
        return root;
    }

    public Path area(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /**
     * An unguessable name that is the same for the same request and part: 128 bits of HMAC-SHA256 over them with the
     * store's secret. A retried job rewrites its own file; nobody can derive a name from a request id.
     */
    public String secretName(String requestId, String part) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.nameSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((requestId + "/" + part).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh temporary file for a request's work in progress. */
    public Path partial(String requestId, String part) throws IOException {
        Path dir = area(".partial");
        Path file = dir.resolve(requestId + "-" + part + ".tmp");
        Files.deleteIfExists(file);
        return file;
    }

    /** Deletes what an interrupted attempt of this request left half-written. */
    public void discardPartials(String requestId) throws IOException {
        Path dir = area(".partial");
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, requestId + "-*")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Makes a complete file visible under its final name, durably. */
    public static void publish(Path complete, Path target) throws IOException {
        fsync(complete);
        Files.createDirectories(target.getParent());
        Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for sync; the rename itself is still atomic there
        }
    }
}
