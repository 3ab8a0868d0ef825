package io.pptp2wg.wireguard.cookie;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-source-address token bucket for handshake messages while under load (whitepaper §5.3: "rate limiting
 * ... per source IP"). The rates are wireguard-go's (20 per second, bursts of 5). Bounded: at most
 * {@code maxSources} addresses are tracked; when full, new sources are refused until old entries age out.
 */
public final class RateLimiter {
    public static final int PACKETS_PER_SECOND = 20;
    public static final int PACKETS_BURSTABLE = 5;
    private static final long PACKET_COST = TimeUnit.SECONDS.toNanos(1) / PACKETS_PER_SECOND;
    private static final long MAX_TOKENS = PACKET_COST * PACKETS_BURSTABLE;
    private static final long FORGET_AFTER = TimeUnit.SECONDS.toNanos(1);

    private static final class Bucket {
        long tokens;
        long last;
    }

    private final Map<InetAddress, Bucket> buckets = new HashMap<>();
    private final int maxSources;
    private long lastSweep;

    public RateLimiter(int maxSources) {
        this.maxSources = maxSources;
    }

    public boolean allow(long now, InetAddress source) {
        if (now - lastSweep > FORGET_AFTER) {
            sweep(now);
        }
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxSources) {
                return false;
            }
            b = new Bucket();
            b.tokens = MAX_TOKENS - PACKET_COST;
            b.last = now;
            buckets.put(source, b);
            return true;
        }
        b.tokens = Math.min(MAX_TOKENS, b.tokens + (now - b.last));
        b.last = now;
        if (b.tokens >= PACKET_COST) {
            b.tokens -= PACKET_COST;
            return true;
        }
        return false;
    }

    public int trackedSources() {
        return buckets.size();
    }

    private void sweep(long now) {
        lastSweep = now;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (now - it.next().last > FORGET_AFTER) {
                it.remove();
            }
        }
    }
}
