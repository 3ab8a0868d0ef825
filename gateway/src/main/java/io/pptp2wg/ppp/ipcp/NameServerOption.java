package io.pptp2wg.ppp.ipcp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.PeerOnlyOption;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * RFC 1877 name-server options (Primary/Secondary DNS and NBNS) from {@code ms-dns}/{@code ms-wins}:
 * the client asks, usually with 0.0.0.0; we Nak with ours, or Reject when we have none.
 */
public final class NameServerOption implements PeerOnlyOption {
    private final int type;
    private final String pppdName;
    private Optional<Integer> ours;

    private NameServerOption(int type, String pppdName, Optional<Integer> ours) {
        this.type = type;
        this.pppdName = pppdName;
        this.ours = ours;
    }

    private static Optional<Integer> nth(List<Integer> list, int i) {
        return list.size() > i ? Optional.of(list.get(i)) : Optional.empty();
    }

    public static NameServerOption primaryDns(List<Integer> msDns) {
        return new NameServerOption(IpcpOptionType.PRIMARY_DNS, "ms-dns1", nth(msDns, 0));
    }

    public static NameServerOption secondaryDns(List<Integer> msDns) {
        return new NameServerOption(IpcpOptionType.SECONDARY_DNS, "ms-dns3", nth(msDns, 1));
    }

    public static NameServerOption primaryNbns(List<Integer> msWins) {
        return new NameServerOption(IpcpOptionType.PRIMARY_NBNS, "ms-wins", nth(msWins, 0));
    }

    public static NameServerOption secondaryNbns(List<Integer> msWins) {
        return new NameServerOption(IpcpOptionType.SECONDARY_NBNS, "ms-wins", nth(msWins, 1));
    }

    /** This session's server instead of the options file's (RADIUS's MS-Primary-DNS-Server etc., RFC 2548 §2.6). */
    void use(int address) {
        ours = Optional.of(address);
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == IpcpOptionType.ADDRESS_LENGTH
                ? pppdName + " " + Ipv4.format(value.getInt(0)) : pppdName + " ?";
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.remaining() != IpcpOptionType.ADDRESS_LENGTH) {
            return ConfigVerdict.MALFORMED;
        }
        if (ours.isEmpty()) {
            return ConfigVerdict.REJECT;
        }
        if (value.getInt(0) == ours.get()) {
            return ConfigVerdict.ACK;
        }
        nak.putInt(ours.get());
        return ConfigVerdict.NAK;
    }
}
