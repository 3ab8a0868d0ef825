package io.pptp2wg.bridge.ip;

import java.util.Arrays;

/**
 * A set of IPv4 prefixes (a WireGuard peer's AllowedIPs) with a constant-time-per-prefix membership test.
 * AllowedIPs lists are short (a backend's routes), so a sorted array of (network, mask) beats a trie.
 */
public final class PrefixSet {
    private final int[] networks;
    private final int[] masks;

    private PrefixSet(int[] networks, int[] masks) {
        this.networks = networks;
        this.masks = masks;
    }

    /** From (address, prefix length) pairs; host bits are cleared, as wg does. */
    public static PrefixSet of(int[] addresses, int[] prefixLengths) {
        if (addresses.length != prefixLengths.length) {
            throw new IllegalArgumentException("one prefix length per address");
        }
        int[] n = new int[addresses.length];
        int[] m = new int[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            int len = prefixLengths[i];
            if (len < 0 || len > 32) {
                throw new IllegalArgumentException("prefix length " + len);
            }
            m[i] = len == 0 ? 0 : -1 << (32 - len);
            n[i] = addresses[i] & m[i];
        }
        return new PrefixSet(n, m);
    }

    public boolean contains(int address) {
        for (int i = 0; i < networks.length; i++) {
            if ((address & masks[i]) == networks[i]) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return networks.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < networks.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(io.pptp2wg.config.Ipv4.format(networks[i])).append('/').append(Integer.bitCount(masks[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixSet p && Arrays.equals(networks, p.networks) && Arrays.equals(masks, p.masks);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(networks) * 31 + Arrays.hashCode(masks);
    }
}
