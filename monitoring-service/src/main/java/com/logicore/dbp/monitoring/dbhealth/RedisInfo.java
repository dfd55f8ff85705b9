package com.logicore.dbp.monitoring.dbhealth;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Redis {@code INFO} over a plain RESP connection: the probe needs one command, not a client library, and must
 * not share the platform's Redisson connection pool (or its key prefix).
 */
final class RedisInfo {

    private RedisInfo() {}

    /** INFO fields by name, from a {@code redis://[:password@]host:port} URL. */
    static Map<String, String> read(String url) throws IOException {
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                String password = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
                command(out, "AUTH", password);
                String reply = line(in);
                if (!reply.startsWith("+")) {
                    throw new IOException("redis AUTH refused");
                }
            }
            command(out, "INFO");
            String header = line(in);
            if (!header.startsWith("$")) {
                throw new IOException("unexpected INFO reply: " + header);
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            Map<String, String> fields = new HashMap<>();
            for (String l : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
                int colon = l.indexOf(':');
                if (colon > 0 && !l.startsWith("#")) {
                    fields.put(l.substring(0, colon), l.substring(colon + 1));
                }
            }
            return fields;
        }
    }

    private static void command(OutputStream out, String... parts) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            resp.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                in.read();
                break;
            }
            buffer.write(b);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
