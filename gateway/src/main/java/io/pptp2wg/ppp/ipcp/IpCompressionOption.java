package io.pptp2wg.ppp.ipcp;

import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.PeerOnlyOption;

import java.nio.ByteBuffer;

/**
 * RFC 1332 §3.2 IP-Compression-Protocol (Van Jacobson, RFC 1144): always Rejected; pppd's client
 * asks for {@code <compress VJ 0f 01>} and carries on without it.
 */
public final class IpCompressionOption implements PeerOnlyOption {
    /** RFC 1332 §3.2: Van Jacobson Compressed TCP/IP. */
    private static final int VAN_JACOBSON = 0x002d;
    /** The pre-RFC value some old stacks send. */
    private static final int OLD_VAN_JACOBSON = 0x0037;

    @Override
    public int type() {
        return IpcpOptionType.IP_COMPRESSION_PROTOCOL;
    }

    @Override
    public String describe(ByteBuffer value) {
        if (value.remaining() < 2) {
            return "compress ?";
        }
        int protocol = value.getShort(0) & 0xffff;
        StringBuilder sb = new StringBuilder("compress ");
        sb.append(protocol == VAN_JACOBSON ? "VJ" : protocol == OLD_VAN_JACOBSON ? "old-VJ"
                : String.format("0x%x", protocol));
        for (int i = 2; i < value.remaining(); i++) {
            sb.append(String.format(" %02x", value.get(i)));
        }
        return sb.toString();
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        return ConfigVerdict.REJECT;
    }
}
