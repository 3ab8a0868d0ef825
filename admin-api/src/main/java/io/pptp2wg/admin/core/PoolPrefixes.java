package io.pptp2wg.admin.core;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.Ipv4;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code remoteip} pool as the fewest CIDR prefixes that cover it: the AllowedIPs of the gateway's own peer at
 * the backend, which carries the sessions on borrowed addresses. WireGuard routes by longest prefix, so every user's
 * own address/32 (its own peer) wins over these; but two peers cannot hold the same prefix (the one set last takes
 * it), so a pool that would need a /32 gets the /31 around it instead, never the exact prefix of a user's peer.
 * That /31 covers one address next to the pool: the backend sends it to the gateway only where nothing more
 * specific routes it, and the gateway drops what no session holds.
 */
public final class PoolPrefixes {
    private PoolPrefixes() {}

    /** The prefixes as {@code a.b.c.d/len}, in address order; adjacent and overlapping ranges are merged first. */
    public static List<String> of(AddressList pool) {
        List<long[]> ranges = new ArrayList<>();
        for (AddressList.Range r : pool.ranges()) {
            ranges.add(new long[] {Integer.toUnsignedLong(r.first()), Integer.toUnsignedLong(r.last())});
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        List<String> out = new ArrayList<>();
        long coveredTo = -1; // the last address a widened /31 took, so that the next range does not repeat it
        for (long[] r : merged) {
            long at = Math.max(r[0], coveredTo + 1);
            while (at <= r[1]) {
                int len = 32;
                // the largest aligned block starting at `at` that stays inside the range
                while (len > 0) {
                    long size = 1L << (32 - (len - 1));
                    if (at % size != 0 || at + size - 1 > r[1]) {
                        break;
                    }
                    len--;
                }
                long start = at;
                if (len == 32) {
                    len = 31; // never a /32: a user's own peer may hold exactly that prefix
                    start = at & ~1L;
                }
                long end = start + (1L << (32 - len)) - 1;
                out.add(Ipv4.format((int) start) + "/" + len);
                coveredTo = end;
                at = end + 1;
            }
        }
        return out;
    }
}
