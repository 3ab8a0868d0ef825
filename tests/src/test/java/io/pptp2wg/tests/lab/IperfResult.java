package io.pptp2wg.tests.lab;

/**
 * iperf3 through one session: direction fwd (client to server) or rev, Mbit/s as iperf3's sender and
 * receiver summaries report them, TCP retransmissions (-1 when unknown); {@code error} when it failed.
 */
public record IperfResult(String direction, String target, int port, int seconds, double senderMbps,
                          double receiverMbps, int retransmits, String error) {
    public boolean ok() {
        return error.isEmpty();
    }
}
