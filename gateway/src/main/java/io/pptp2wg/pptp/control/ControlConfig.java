package io.pptp2wg.pptp.control;

import java.util.concurrent.TimeUnit;

/**
 * How our side of a control connection behaves.
 *
 * @param hostName            our Host Name in Start-Control-Connection-Reply (§2.2)
 * @param vendorName          our Vendor Name
 * @param firmwareRevision    our Firmware Revision
 * @param maximumChannels     Maximum Channels we announce (pptpd.conf {@code connections})
 * @param startTimeoutNanos   pptpd's {@code stimeout}: a connection without Start-Control-Connection-Request by then is closed
 * @param idleNanos           pptpd's rule: this long without anything from the peer → Echo-Request (§2.5)
 * @param echoTimeoutNanos    no Echo-Reply (nor anything else) this long after our Echo-Request → close
 * @param stopTimeoutNanos    how long we wait for Stop-Control-Connection-Reply before closing anyway
 * @param recvWindow          the Packet Recv Window Size we announce in Outgoing-Call-Reply (§2.8)
 * @param processingDelay     the Packet Processing Delay we announce, in 1/10 s
 * @param connectSpeed        the Connect Speed we announce, bits per second
 */
public record ControlConfig(
        String hostName,
        String vendorName,
        int firmwareRevision,
        int maximumChannels,
        long startTimeoutNanos,
        long idleNanos,
        long echoTimeoutNanos,
        long stopTimeoutNanos,
        int recvWindow,
        int processingDelay,
        long connectSpeed) {

    /** pptpd's pptpctrl: an Echo-Request after 60 s of silence, and 60 s for the reply. */
    public static final long PPTPD_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Our receive window: pptpd's and Windows' usual 64 packets. */
    public static final int DEFAULT_RECV_WINDOW = 64;
    /** RFC 2637 leaves it open; a few seconds is what clients give each other. */
    public static final long DEFAULT_STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    public static ControlConfig defaults(int maximumChannels, int stimeoutSeconds) {
        return new ControlConfig("pptp2wg", "pptp2wg", 1, maximumChannels, TimeUnit.SECONDS.toNanos(stimeoutSeconds),
                PPTPD_IDLE_NANOS, PPTPD_IDLE_NANOS, DEFAULT_STOP_TIMEOUT_NANOS, DEFAULT_RECV_WINDOW, 0, 100_000_000L);
    }
}
