package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The option-list half of a control protocol, built from {@link OptionHandler}s: writes our
 * Configure-Request, checks Acks, applies Naks and Rejects, and answers the peer's requests with the
 * RFC 1661 §5.2-5.4 rules (Reject wins over Nak; an Ack repeats the request exactly). Options with no
 * handler, repeated options and malformed values are Rejected.
 */
public final class OptionNegotiator {
    private final OptionHandler[] byType = new OptionHandler[256];
    private final List<OptionHandler> inOrder = new ArrayList<>();
    private final ByteBuffer lastRequest;
    private final ByteBuffer naks;
    private final ByteBuffer scratch = ByteBuffer.allocate(255);
    private long rejectedPeerOptions;

    public OptionNegotiator(int maxPacket, OptionHandler... handlers) {
        this.lastRequest = ByteBuffer.allocate(maxPacket);
        this.naks = ByteBuffer.allocate(maxPacket);
        for (OptionHandler h : handlers) {
            if (byType[h.type()] != null) {
                throw new IllegalArgumentException("two handlers for option " + h.type());
            }
            byType[h.type()] = h;
            inOrder.add(h);
        }
        lastRequest.flip();
    }

    /** Options of the peer's that we Rejected (unknown, repeated or malformed). */
    public long rejectedPeerOptions() {
        return rejectedPeerOptions;
    }

    public void resetRequest() {
        inOrder.forEach(OptionHandler::resetOurs);
    }

    public void writeRequest(ByteBuffer out) {
        int start = out.position();
        for (OptionHandler h : inOrder) {
            if (h.requesting()) {
                int p = out.position();
                out.put((byte) h.type()).put((byte) 0);
                h.writeOurs(out);
                out.put(p + 1, (byte) (out.position() - p));
            }
        }
        lastRequest.clear();
        lastRequest.put(out.duplicate().flip().position(start));
        lastRequest.flip();
    }

    public boolean ackReceived(ByteBuffer options) {
        return options.equals(lastRequest);
    }

    public boolean nakReceived(ByteBuffer options, boolean treatAsReject) {
        if (!OptionList.wellFormed(options)) {
            return false;
        }
        boolean[] ok = {true};
        OptionList.forEach(options, (type, value, off, len) -> {
            OptionHandler h = byType[type];
            if (h == null || !requested(type)) {
                return true; // RFC 1661 §5.3: the peer may hint at options it wants; we do not take hints
            }
            if (treatAsReject) {
                h.rejected();
            } else if (!h.nakked(value)) {
                ok[0] = false;
                return false;
            }
            return true;
        });
        return ok[0];
    }

    public boolean rejectReceived(ByteBuffer options) {
        if (!OptionList.wellFormed(options)) {
            return false;
        }
        boolean[] ok = {true};
        OptionList.forEach(options, (type, value, off, len) -> {
            if (!requested(type)) {
                ok[0] = false; // RFC 1661 §5.4: a Reject may only name options we sent
                return false;
            }
            return true;
        });
        if (!ok[0]) {
            return false;
        }
        OptionList.forEach(options, (type, value, off, len) -> {
            OptionHandler h = byType[type];
            if (h != null) {
                h.rejected();
            }
            return true;
        });
        return true;
    }

    private boolean requested(int type) {
        boolean[] found = {false};
        OptionList.forEach(lastRequest.duplicate(), (t, v, off, len) -> {
            if (t == type) {
                found[0] = true;
                return false;
            }
            return true;
        });
        return found[0];
    }

    public ConfigVerdict checkRequest(ByteBuffer options, boolean rejectIfDisagree, ByteBuffer response) {
        if (!OptionList.wellFormed(options)) {
            return ConfigVerdict.MALFORMED;
        }
        inOrder.forEach(OptionHandler::resetPeer);
        boolean[] seen = new boolean[256];
        boolean[] any = new boolean[2]; // [0] = a Reject, [1] = a Nak
        naks.clear();
        int responseStart = response.position();
        OptionList.forEach(options, (type, value, off, len) -> {
            OptionHandler h = byType[type];
            ConfigVerdict v;
            scratch.clear();
            if (h == null || seen[type]) {
                v = ConfigVerdict.REJECT;
            } else {
                seen[type] = true;
                v = h.judge(value.duplicate(), scratch);
                if (v == ConfigVerdict.MALFORMED || v == ConfigVerdict.NAK && rejectIfDisagree) {
                    v = ConfigVerdict.REJECT;
                }
            }
            if (v == ConfigVerdict.REJECT) {
                rejectedPeerOptions++;
                any[0] = true;
                if (response.remaining() >= len) {
                    response.put(options.duplicate().position(off).limit(off + len));
                }
            } else if (v == ConfigVerdict.NAK) {
                any[1] = true;
                putOption(naks, type, scratch.flip());
            }
            return true;
        });
        if (any[0]) {
            return ConfigVerdict.REJECT;
        }
        if (!rejectIfDisagree) {
            for (OptionHandler h : inOrder) {
                scratch.clear();
                if (!seen[h.type()] && h.nakIfMissing(scratch)) {
                    any[1] = true;
                    putOption(naks, h.type(), scratch.flip());
                }
            }
        }
        if (any[1]) {
            response.position(responseStart);
            naks.flip();
            int n = Math.min(naks.remaining(), response.remaining());
            response.put(naks.limit(naks.position() + n));
            return ConfigVerdict.NAK;
        }
        return ConfigVerdict.ACK;
    }

    private static void putOption(ByteBuffer out, int type, ByteBuffer value) {
        if (out.remaining() >= OptionList.OPTION_HEADER + value.remaining()) {
            out.put((byte) type).put((byte) (OptionList.OPTION_HEADER + value.remaining())).put(value);
        }
    }

    public void requestAcked(ByteBuffer options) {
        OptionList.forEach(options, (type, value, off, len) -> {
            OptionHandler h = byType[type];
            if (h != null) {
                h.agreed(value);
            }
            return true;
        });
    }

    /** pppd-style rendering of an option list: " <mru 1400> <magic 0x1234abcd>". */
    public String describe(ByteBuffer options) {
        StringBuilder sb = new StringBuilder();
        OptionList.forEach(options.duplicate(), (type, value, off, len) -> {
            OptionHandler h = byType[type];
            sb.append(" <");
            if (h != null) {
                sb.append(h.describe(value.duplicate()));
            } else {
                sb.append(String.format("%02x", type));
                byte[] b = new byte[value.remaining()];
                value.duplicate().get(b);
                if (b.length > 0) {
                    sb.append(' ').append(HexFormat.ofDelimiter(" ").formatHex(b));
                }
            }
            sb.append('>');
            return true;
        });
        if (!OptionList.wellFormed(options.duplicate())) {
            sb.append(" <malformed>");
        }
        return sb.toString();
    }
}
