package io.pptp2wg.pptp.client;

import java.util.concurrent.TimeUnit;

/**
 * How our client (PNS) side of a control connection behaves.
 *
 * @param hostName            our Host Name in Start-Control-Connection-Request (§2.1)
 * @param vendorName          our Vendor Name
 * @param firmwareRevision    our Firmware Revision
 * @param recvWindow          the Packet Recv Window Size we announce in Outgoing-Call-Request (§2.7)
 * @param processingDelay     the Packet Processing Delay we announce, in 1/10 s
 * @param startTimeoutNanos   no Start-Control-Connection-Reply by then: the connection is given up
 * @param callTimeoutNanos    no Outgoing-Call-Reply by then: the call is given up
 * @param idleNanos           this long without anything from the server → Echo-Request (§2.5)
 * @param echoTimeoutNanos    no Echo-Reply (nor anything else) this long after our Echo-Request → close
 * @param stopTimeoutNanos    how long we wait for Stop-Control-Connection-Reply (and Call-Disconnect-Notify)
 */
public record ClientControlConfig(
        String hostName,
        String vendorName,
        int firmwareRevision,
        int recvWindow,
        int processingDelay,
        long startTimeoutNanos,
        long callTimeoutNanos,
        long idleNanos,
        long echoTimeoutNanos,
        long stopTimeoutNanos) {

    /** pptp-linux's keepalive: an Echo-Request after 60 s of silence. */
    public static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Our receive window: Windows' and pptpd's usual 64 packets. */
    public static final int DEFAULT_RECV_WINDOW = 64;

    public static ClientControlConfig defaults(String hostName) {
        return new ClientControlConfig(hostName, "pptp2wg", 1, DEFAULT_RECV_WINDOW, 0, TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(10), IDLE_NANOS, IDLE_NANOS, TimeUnit.SECONDS.toNanos(5));
    }
}
