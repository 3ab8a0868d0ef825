package io.pptp2wg.radius;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Acct-Session-Id values (RFC 2866 §5.5: unique per session for this NAS): the gateway's start time (seconds,
 * hex), 16 random bits, and a sequence number, e.g. {@code 6574A1C2-3F09-0000002A}. Unique across restarts
 * unless two starts fall into the same second and draw the same random bits. pppd 2.4.9 builds its id with a
 * format string that does not fill it as meant (the issue asks not to copy that).
 */
public final class AcctSessionIds {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public AcctSessionIds(long startEpochSeconds, Random random) {
        this.prefix = String.format(Locale.ROOT, "%08X-%04X-", startEpochSeconds & 0xFFFFFFFFL, random.nextInt(0x10000));
    }

    public String next() {
        return prefix + String.format(Locale.ROOT, "%08X", next.incrementAndGet());
    }
}
