package io.pptp2wg.ppp.lcp;

import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.RequestedOption;

import java.nio.ByteBuffer;

/**
 * The two boolean LCP options without data: RFC 1661 §6.5 Protocol-Field-Compression and §6.6
 * Address-and-Control-Field-Compression. We ask for them when the options allow (we always accept
 * compressed frames anyway); the peer's request tells us we may compress what we send it.
 */
public final class CompressionFlagOption extends RequestedOption {
    private final int type;
    private final String pppdName;
    private final boolean allowed;
    private boolean peerAccepts;

    private CompressionFlagOption(int type, String pppdName, boolean allowed) {
        this.type = type;
        this.pppdName = pppdName;
        this.allowed = allowed;
        resetOurs();
    }

    /** RFC 1661 §6.5. */
    public static CompressionFlagOption protocolField(boolean allowed) {
        return new CompressionFlagOption(LcpOptionType.PROTOCOL_FIELD_COMPRESSION, "pcomp", allowed);
    }

    /** RFC 1661 §6.6. */
    public static CompressionFlagOption addressControlField(boolean allowed) {
        return new CompressionFlagOption(LcpOptionType.ADDRESS_CONTROL_FIELD_COMPRESSION, "accomp", allowed);
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.hasRemaining() ? pppdName + " ?" : pppdName;
    }

    @Override
    public void resetOurs() {
        requesting = allowed;
    }

    @Override
    public void writeOurs(ByteBuffer out) {}

    @Override
    public boolean nakked(ByteBuffer value) {
        return true;
    }

    @Override
    public void resetPeer() {
        peerAccepts = false;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.hasRemaining()) {
            return ConfigVerdict.MALFORMED;
        }
        return allowed ? ConfigVerdict.ACK : ConfigVerdict.REJECT;
    }

    @Override
    public void agreed(ByteBuffer value) {
        peerAccepts = true;
    }

    /** Whether we may send the peer frames compressed this way. */
    public boolean peerAccepts() {
        return peerAccepts;
    }
}
