package io.pptp2wg.tests.wg;

import io.pptp2wg.wireguard.tunnel.KeyLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/** Writes Wireshark's WireGuard keylog (wg.keylog_file) so that tshark can decrypt our sessions in a capture. */
final class KeyLogFile implements KeyLog {
    final Path file;

    KeyLogFile(Path file) throws IOException {
        this.file = file;
        Files.deleteIfExists(file);
        Files.createFile(file);
    }

    @Override
    public synchronized void handshake(byte[] localStaticPrivate, byte[] remoteStaticPublic, byte[] localEphemeralPrivate,
                                       byte[] presharedKey) {
        Base64.Encoder b = Base64.getEncoder();
        String lines = "LOCAL_STATIC_PRIVATE_KEY = " + b.encodeToString(localStaticPrivate) + "\n"
                + "REMOTE_STATIC_PUBLIC_KEY = " + b.encodeToString(remoteStaticPublic) + "\n"
                + "LOCAL_EPHEMERAL_PRIVATE_KEY = " + b.encodeToString(localEphemeralPrivate) + "\n"
                + "PRESHARED_KEY = " + b.encodeToString(presharedKey) + "\n";
        try {
            Files.writeString(file, lines, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
