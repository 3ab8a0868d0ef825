package io.pptp2wg.ppp;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * What one link tells about itself: every drop counted in {@link PppCounters}, and with pppd's
 * {@code debug} option every control packet printed ({@code rcvd [LCP ConfReq id=0x1 ...]}) beside
 * the drops and the notes (pppd's log lines). Without {@code debug} nothing is formatted.
 */
final class LinkLog {
    private final PppCounters counters;
    /** Null without the {@code debug} option. */
    private final Consumer<String> debug;
    private final PacketPrinter printer;

    LinkLog(PppCounters counters, Consumer<String> debug, PacketPrinter printer) {
        this.counters = counters;
        this.debug = debug;
        this.printer = printer;
    }

    void drop(PppCounters.Drop reason, String description) {
        counters.drop(reason, description);
        if (debug != null) {
            debug.accept("dropped: " + description);
        }
    }

    /** A control packet sent or received ({@code direction} "sent" or "rcvd"). */
    void packet(String direction, int protocol, ByteBuffer packet) {
        if (debug != null) {
            debug.accept(direction + " [" + printer.describe(protocol, packet) + "]");
        }
    }

    void note(String line) {
        if (debug != null) {
            debug.accept(line);
        }
    }
}
