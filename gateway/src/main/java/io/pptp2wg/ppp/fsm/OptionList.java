package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/** RFC 1661 §6: an option list is Type, Length (counting both), Data, repeated; lengths checked first. */
public final class OptionList {
    private OptionList() {}

    /** Type and Length octets. */
    public static final int OPTION_HEADER = 1 + 1;

    /** Whether every option's Length is at least 2 and the last one ends exactly at the limit. */
    public static boolean wellFormed(ByteBuffer options) {
        int p = options.position();
        int end = options.limit();
        while (p < end) {
            if (end - p < OPTION_HEADER) {
                return false;
            }
            int len = options.get(p + 1) & 0xff;
            if (len < OPTION_HEADER || len > end - p) {
                return false;
            }
            p += len;
        }
        return true;
    }

    /** Visits each option of a well-formed list; the value buffer holds the Data only. */
    public static void forEach(ByteBuffer options, Visitor visitor) {
        int p = options.position();
        int end = options.limit();
        while (end - p >= OPTION_HEADER) {
            int type = options.get(p) & 0xff;
            int len = options.get(p + 1) & 0xff;
            if (len < OPTION_HEADER || len > end - p) {
                return;
            }
            ByteBuffer value = options.duplicate().position(p + OPTION_HEADER).limit(p + len).slice();
            if (!visitor.visit(type, value, p, len)) {
                return;
            }
            p += len;
        }
    }

    @FunctionalInterface
    public interface Visitor {
        /** Returns false to stop. {@code offset}/{@code length} locate the whole option in the list. */
        boolean visit(int type, ByteBuffer value, int offset, int length);
    }
}
