package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveCodec.Digest;
import com.logicore.dbp.export.store.ExportStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;

/**
 * The archive files of one collection: gzip JSON Lines under {@code <day>/<request>-b<batch>.jsonl.gz}, one file per
 * day a batch touches. Names are fixed by request and batch, so a batch redone after a crash replaces its own files
 * and can never leave a second copy of a document behind.
 */
public final class ArchiveFiles {

    private final Path root;
    private final Path partials;

    public ArchiveFiles(Path root, Path partials) {
        this.root = root;
        this.partials = partials;
    }

    public Path root() {
        return root;
    }

    /**
     * Writes a batch (already in archive order; {@code lines} are its canonical lines, {@code times} each line's time
     * field), one synced file per UTC day. {@code midway} runs once half the batch is written (a test's kill point).
     */
    public List<String> write(String requestId, int batch, List<Instant> times, List<String> lines, Runnable midway)
            throws IOException {
        Map<LocalDate, List<String>> byDay = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            LocalDate day = times.get(i).atZone(ZoneOffset.UTC).toLocalDate();
            byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(lines.get(i));
        }
        List<String> files = new ArrayList<>();
        int written = 0;
        int half = Math.max(1, lines.size() / 2);
        for (var entry : byDay.entrySet()) {
            String relative = entry.getKey() + "/" + fileName(requestId, batch);
            Path temp = partials.resolve(requestId + "-b" + batch + "-" + entry.getKey() + ".tmp");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp), 1 << 16);
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                for (String line : entry.getValue()) {
                    writer.write(line);
                    writer.write('\n');
                    if (++written == half) {
                        writer.flush();
                        midway.run();
                    }
                }
            }
            ExportStore.publish(temp, root.resolve(relative));
            files.add(relative);
        }
        return files;
    }

    /** The documents of a batch's files, in archive order (files are per day, days ascending). */
    public List<Document> read(List<String> files) throws IOException {
        List<Document> documents = new ArrayList<>();
        for (String line : lines(files)) {
            documents.add(ArchiveCodec.parse(line));
        }
        return documents;
    }

    /**
     * Count and hash of the lines a batch's files hold, as read back from disk. Compared with the batch's own lines
     * this proves the files hold exactly the batch; that the lines decode to the same documents is the codec's
     * round trip, checked again document by document by every restore.
     */
    public Digest digest(List<String> files) throws IOException {
        return ArchiveCodec.digest(lines(files));
    }

    private List<String> lines(List<String> files) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String relative : files) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(
                            new GZIPInputStream(Files.newInputStream(root.resolve(relative)), 1 << 16),
                            StandardCharsets.UTF_8),
                    1 << 16)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    public long size(List<String> files) throws IOException {
        long bytes = 0;
        for (String relative : files) {
            bytes += Files.size(root.resolve(relative));
        }
        return bytes;
    }

    /** Removes whatever an interrupted attempt wrote for this batch (it is redone from its start). */
    public void discard(String requestId, int batch) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        String name = fileName(requestId, batch);
        try (Stream<Path> days = Files.list(root)) {
            for (Path day : days.toList()) {
                Files.deleteIfExists(day.resolve(name));
            }
        }
    }

    private static String fileName(String requestId, int batch) {
        return requestId + "-b" + String.format("%06d", batch) + ".jsonl.gz";
    }
}
