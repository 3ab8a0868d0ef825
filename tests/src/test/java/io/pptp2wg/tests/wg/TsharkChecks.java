package io.pptp2wg.tests.wg;

import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.Commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * tshark's WireGuard dissector run over a capture, with the extra checks it needs because it is lenient (it shows
 * a bad-length or unknown-type message as plain UDP, never flags non-zero reserved bytes, and does not check
 * padding). Each check is a display filter that must match no frame.
 */
final class TsharkChecks {
    private final List<String> base = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> report = new ArrayList<>();

    TsharkChecks(Path pcap, List<String> privateKeys, Path keylog) {
        base.addAll(List.of("tshark", "-n", "-r", pcap.toString()));
        for (String k : privateKeys) {
            base.addAll(List.of("-o", "uat:wg_keys:\"Private\",\"" + k + "\""));
        }
        if (keylog != null) {
            base.addAll(List.of("-o", "wg.keylog_file:" + keylog));
        }
    }

    /** Frames matching a display filter (tshark's own error is an exception, not an empty result). */
    List<String> frames(String filter, String... fields) {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("-Y", filter));
        if (fields.length > 0) {
            cmd.addAll(List.of("-T", "fields"));
            for (String f : fields) {
                cmd.addAll(List.of("-e", f));
            }
        }
        CommandResult r = Commands.run(Duration.ofSeconds(120), null, cmd);
        if (!r.ok()) {
            throw new IllegalStateException("tshark failed for '" + filter + "': " + r.stdout() + r.stderr());
        }
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank() && !line.startsWith("Running as user")) {
                out.add(line);
            }
        }
        return out;
    }

    void none(String what, String filter) {
        List<String> bad = frames(filter);
        report.add((bad.isEmpty() ? "ok:   " : "FAIL: ") + what + "  [-Y '" + filter + "'] " + bad.size());
        if (!bad.isEmpty()) {
            failures.add(what + ": " + bad.size() + " frame(s), e.g. " + bad.getFirst());
        }
    }

    int count(String filter) {
        return frames(filter).size();
    }

    /** Every check of the reference harness's wgpcap-check.sh, done here in Java. */
    void runAll(int port) {
        none("every UDP packet on the port is WireGuard (valid length and type)", "udp.port == " + port + " && !wg");
        none("reserved bytes are zero", "wg && wg.reserved != 00:00:00");
        none("no malformed packet, no expert warning, no bad length, no decryption error",
                "_ws.malformed || _ws.expert.severity >= \"warning\" || wg.bad_packet_length || wg.decryption_error");
        int unpadded = 0;
        for (String line : frames("wg.type == 4", "udp.length")) {
            if ((Integer.parseInt(line.trim()) - 8 - 32) % 16 != 0) {
                unpadded++;
            }
        }
        report.add((unpadded == 0 ? "ok:   " : "FAIL: ") + "transport data padded to 16 bytes " + unpadded);
        if (unpadded != 0) {
            failures.add(unpadded + " transport message(s) not padded to 16 bytes");
        }
        none("initiations: mac1 matches a known receiver key", "wg.type == 1 && !wg.receiver_pubkey");
        none("initiations: static and timestamp decrypt", "wg.type == 1 && !(wg.static && wg.timestamp.value)");
        none("responses: handshake verified (keylog)", "wg.type == 2 && !(wg.handshake_ok == 1)");
        none("transport data decrypts to an IP packet (keylog)",
                "wg.type == 4 && !wg.keepalive && !(frame.protocols contains \"wg:ip\")");
    }
}
