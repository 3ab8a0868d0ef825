package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What tshark (Debian's Wireshark 4.0 dissectors) makes of a capture.
 *
 * @param frames          frames in the file
 * @param malformed       frames with a malformed-packet marker (a dissector ran out of bytes or met nonsense)
 * @param expertErrors    frames with an expert item of severity error
 * @param expertWarnings  frames with an expert item of severity warning
 * @param protocols       for each protocol name tshark uses (pptp, gre, ppp, lcp, chap, pap, ccp, ipcp,
 *                        comp_data...), the number of frames that contain it
 * @param problems        up to 20 lines "frame N: protocols: expert messages" of the frames above
 */
public record TsharkReport(Path pcap, int frames, int malformed, int expertErrors, int expertWarnings,
                           Map<String, Integer> protocols, List<String> problems) {
    /** Frames that contain {@code protocol} (tshark's short name). */
    public int frames(String protocol) {
        return protocols.getOrDefault(protocol, 0);
    }

    /** No malformed frame and no expert error. */
    public boolean clean() {
        return malformed == 0 && expertErrors == 0;
    }

    public String describe() {
        return "tshark on " + pcap + ": " + frames + " frames, " + malformed + " malformed, " + expertErrors
                + " with expert errors, " + expertWarnings + " with warnings; protocols " + protocols
                + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
    }
}
