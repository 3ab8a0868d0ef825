package io.pptp2wg.dhcp;

/**
 * An IPv4 destination: the network (host bits cleared) and its prefix length.
 *
 * @param network      the network address, host bits zero
 * @param prefixLength 0 to 32
 */
public record Ipv4Prefix(int network, int prefixLength) {
    public Ipv4Prefix {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        network &= mask(prefixLength);
    }

    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return io.pptp2wg.config.Ipv4.format(network) + "/" + prefixLength;
    }
}
