package io.pptp2wg.admin.selfservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a socket bound to a chosen source address (a loopback one standing for a session's tunnel address):
 * the one thing the page trusts. Whatever else a request carries is the test's to choose.
 */
record RawHttp(int status, Map<String, String> headers, byte[] body) {
    static final int TIMEOUT_MILLIS = 10_000;

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@code extra}: whole header lines. A null result means the connection was refused. */
    static RawHttp send(String from, InetSocketAddress to, String method, String path, String host, String body,
                        String... extra) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.bind(new InetSocketAddress(from, 0));
            s.connect(to, TIMEOUT_MILLIS);
            StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (host != null) {
                r.append("Host: ").append(host).append("\r\n");
            }
            for (String h : extra) {
                r.append(h).append("\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                r.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            r.append("Connection: close\r\n\r\n");
            s.getOutputStream().write(r.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (java.net.ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawHttp parse(byte[] all) {
        int end = -1;
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalStateException("no HTTP header in " + all.length + " octets");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        return new RawHttp(status, headers, Arrays.copyOfRange(all, end + 4, all.length));
    }

}
