package io.pptp2wg.pptp.control;

/**
 * What the control connection has to tell the operator and does not tell the peer: handed to
 * {@link ControlOutput#note}, logged by the edge (the core logs nothing itself). {@link #detail()} only: the peer's
 * name is the edge's.
 */
public sealed interface ControlNote {
    /** Worth the operator's attention (logged at INFO), else only when debugging (DEBUG). */
    boolean notable();

    /** The log line after "control PEER: ". */
    String detail();

    /** A message of a type RFC 2637 does not define: skipped, the connection stays. */
    record UnknownTypeIgnored(String what) implements ControlNote {
        public boolean notable() { return false; }
        public String detail() { return "ignored: " + what; }
    }

    /** Framing or the Magic Cookie wrong: the stream is closed. */
    record MalformedClosing(Malformed reason, String what) implements ControlNote {
        public boolean notable() { return true; }
        public String detail() { return "malformed message (" + reason + ": " + what + "), closing"; }
    }

    /** A message that is valid but not expected from a PNS in this state. */
    record UnexpectedIgnored(MessageType type) implements ControlNote {
        public boolean notable() { return false; }
        public String detail() { return "ignored unexpected " + type; }
    }

    /** We are the PAC: an Incoming-Call-Request (§2.9) is refused. */
    record IncomingCallRefused(int callId) implements ControlNote {
        public boolean notable() { return true; }
        public String detail() { return "Incoming-Call-Request refused (call ID " + callId + ")"; }
    }

    /** The client's WAN-Error-Notify (§2.14), its counters as sent. */
    record WanErrorNotified(ControlMessage.WanErrorNotify m) implements ControlNote {
        public boolean notable() { return true; }
        public String detail() {
            return "WAN-Error-Notify for call " + m.peerCallId() + " (crc " + m.crcErrors() + ", framing "
                    + m.framingErrors() + ", overruns " + m.hardwareOverruns() + "/" + m.bufferOverruns()
                    + ", timeouts " + m.timeoutErrors() + ", alignment " + m.alignmentErrors() + ")";
        }
    }

    /** A Start-Control-Connection-Request of another protocol version: refused and closed. */
    record VersionNotSupported(int protocolVersion) implements ControlNote {
        public boolean notable() { return true; }
        public String detail() {
            return "protocol version 0x" + Integer.toHexString(protocolVersion) + " not supported, closing";
        }
    }

    /** An Outgoing-Call-Request refused, and why. */
    record OutgoingCallRefused(int peerCallId, String reason) implements ControlNote {
        public boolean notable() { return true; }
        public String detail() {
            return "Outgoing-Call-Request (peer call ID " + peerCallId + ") refused: " + reason;
        }
    }

    /** A Call-Clear-Request naming no call of this connection. */
    record UnknownCallCleared(int peerCallId) implements ControlNote {
        public boolean notable() { return false; }
        public String detail() { return "Call-Clear-Request for unknown call " + peerCallId; }
    }

    /** No Start-Control-Connection-Request within stimeout: closed. */
    record NoStartRequest() implements ControlNote {
        public boolean notable() { return true; }
        public String detail() { return "no Start-Control-Connection-Request within stimeout, closing"; }
    }

    /** The Echo-Request (§2.10) went unanswered: closed. */
    record NoEchoReply() implements ControlNote {
        public boolean notable() { return true; }
        public String detail() { return "no Echo-Reply, closing"; }
    }
}
