package com.logicore.dbp.export.exporting;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands bytes to another thread in fixed-size chunks, which writes them to the wrapped stream (compression, digest,
 * file). Reading COPY and compressing then run on two cores, as {@code psql | gzip} does, with memory bounded by
 * {@link #CHUNK} times {@link #QUEUED} chunks.
 */
final class HandOffOutputStream extends OutputStream {

    static final int CHUNK = 1 << 18;
    static final int QUEUED = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread writer;
    private volatile Throwable failure;
    private byte[] buffer = new byte[CHUNK];
    private int used;
    private boolean closed;

    HandOffOutputStream(OutputStream target) {
        writer = new Thread(() -> drain(target), "export-compress");
        writer.setDaemon(true);
        writer.start();
    }

    private void drain(OutputStream target) {
        try (target) {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END) {
                    return;
                }
                target.write(chunk);
            }
        } catch (Throwable e) {
            failure = e;
            queue.clear();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, buffer, used, n);
            used += n;
            offset += n;
            length -= n;
            if (used == CHUNK) {
                handOff(buffer);
                buffer = new byte[CHUNK];
                used = 0;
            }
        }
    }

    private void handOff(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!writer.isAlive()) {
                    throw new IOException("export writer thread stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the export");
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (used > 0) {
            handOff(Arrays.copyOf(buffer, used));
        }
        handOff(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the export");
        }
        rethrow();
    }
}
