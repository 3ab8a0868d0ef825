package io.pptp2wg.gateway;

import io.pptp2wg.pptp.control.ControlProtocol;

import java.util.concurrent.TimeUnit;

/**
 * How a call comes to its end: the first reason given (PPP closed, the link failed, or an administrator's disconnect
 * ran out of time), the result its Call-Disconnect-Notify carries (RFC 2637 §2.13), and the deadline by which PPP must
 * have finished a disconnect. On the call's loop only.
 */
final class CallEnding {
    /** A disconnect that PPP has not finished by then is forced (LCP gives up after its own Terminate-Requests). */
    static final long DISCONNECT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private String reason;
    private int cdnResult = ControlProtocol.CDN_LOST_CARRIER;
    private long disconnectDeadline = Long.MAX_VALUE;

    /** The call is to end for {@code why}, unless a reason was given before. */
    void close(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Why the call is to end; null while nothing asked for it. */
    String reason() {
        return reason;
    }

    int cdnResult() {
        return cdnResult;
    }

    /** An administrator's disconnect is under way. */
    boolean disconnecting() {
        return disconnectDeadline != Long.MAX_VALUE;
    }

    /** An administrator's disconnect starts: PPP terminates within the grace, the CDN says admin shutdown. */
    void disconnect(long nowNanos) {
        cdnResult = ControlProtocol.CDN_ADMIN_SHUTDOWN;
        disconnectDeadline = nowNanos + DISCONNECT_GRACE_NANOS;
    }

    /** The disconnect's deadline, Long.MAX_VALUE when none runs. */
    long deadline() {
        return disconnectDeadline;
    }

    /** A disconnect that PPP has not finished in its grace is forced. */
    void poll(long nowNanos) {
        if (disconnecting() && nowNanos - disconnectDeadline >= 0) {
            close("disconnect: PPP did not terminate in time");
        }
    }
}
