package io.pptp2wg.tests.wg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Wireshark's WireGuard keylog (wg.keylog_file), so that tshark can decrypt our sessions in a capture. The gateway
 * hands out no key: this test gives the socket its randomness ({@link #random}) and so knows every 32-octet draw,
 * among them each handshake's ephemeral private key (an X25519 scalar, clamped here as X25519 does). The other
 * draws (the cookie secret) are candidates that match no handshake, which Wireshark ignores.
 */
final class KeyLogFile {
    private static final int SCALAR = 32;
    final Path file;
    final SecureRandom random = new Recording();
    private final List<byte[]> draws = new ArrayList<>();

    KeyLogFile(Path file) {
        this.file = file;
    }

    /** Writes the file: our static private keys, the backend's public key, and each draw as an ephemeral key. */
    synchronized void write(List<String> localStaticPrivates, String remoteStaticPublic) throws IOException {
        Base64.Encoder b = Base64.getEncoder();
        String zeroPsk = b.encodeToString(new byte[SCALAR]);
        StringBuilder out = new StringBuilder();
        for (String k : localStaticPrivates) {
            out.append("LOCAL_STATIC_PRIVATE_KEY = ").append(k).append('\n');
        }
        out.append("REMOTE_STATIC_PUBLIC_KEY = ").append(remoteStaticPublic).append('\n');
        for (byte[] d : draws) {
            byte[] k = d.clone();
            k[0] &= (byte) 0xF8;
            k[SCALAR - 1] &= 0x7F;
            k[SCALAR - 1] |= 0x40;
            out.append("LOCAL_EPHEMERAL_PRIVATE_KEY = ").append(b.encodeToString(k)).append('\n');
            out.append("PRESHARED_KEY = ").append(zeroPsk).append('\n');
        }
        Files.writeString(file, out);
    }

    synchronized int draws() {
        return draws.size();
    }

    private synchronized void drew(byte[] bytes) {
        if (bytes.length == SCALAR) {
            draws.add(bytes.clone());
        }
    }

    /** A SecureRandom that remembers its 32-octet draws (test only: it keeps secrets in memory). */
    private final class Recording extends SecureRandom {
        @Override
        public void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            drew(bytes);
        }
    }
}
