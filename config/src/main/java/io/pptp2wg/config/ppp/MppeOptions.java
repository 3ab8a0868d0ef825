package io.pptp2wg.config.ppp;

import io.pptp2wg.config.Problems;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an options file says about MPPE, in pppd 2.4.9's spellings and the MPPE-MPPC patch's
 * ({@code mppe required,no40,no56,stateless}, as OpenWrt writes it), turned into one {@link MppePolicy}.
 */
final class MppeOptions {
    private boolean required;
    private boolean refused;
    private final Set<MppeKeyLength> on = EnumSet.noneOf(MppeKeyLength.class);
    private final Set<MppeKeyLength> off = EnumSet.noneOf(MppeKeyLength.class);
    private StatefulMppe stateful = StatefulMppe.REFUSE;
    /** The first line that required MPPE, for the error when every key length ends up turned off. */
    private int line;

    /** {@code require-mppe-128} and the like: MPPE required with these key lengths. */
    void require(int line, MppeKeyLength... lengths) {
        required = true;
        on.addAll(List.of(lengths));
        firstLine(line);
    }

    /** {@code nomppe}. */
    void refuse() {
        refused = true;
    }

    /** {@code nomppe-40} and the like. */
    void turnOff(MppeKeyLength length) {
        off.add(length);
    }

    void stateful(StatefulMppe mode) {
        stateful = mode;
    }

    /** {@code mppe required,no40,no56,stateless}: the MPPE-MPPC patch's list form. */
    void list(String file, int line, String arg, Problems problems) {
        boolean said = false;
        Set<MppeKeyLength> lengths = EnumSet.allOf(MppeKeyLength.class);
        for (String raw : arg.split("[,\\s]+")) {
            String item = raw.strip();
            switch (item) {
                case "" -> { }
                case "required", "require-mppe" -> said = true;
                case "optional" -> problems.warning(file, line,
                        "optional MPPE does not exist in pppd 2.4.9: MPPE is required when enabled");
                case "stateless", "nomppe-stateful" -> stateful = StatefulMppe.REFUSE;
                case "stateful", "mppe-stateful" -> stateful = StatefulMppe.ALLOW;
                case "no40", "nomppe-40" -> lengths.remove(MppeKeyLength.BITS_40);
                case "no56", "nomppe-56" -> lengths.remove(MppeKeyLength.BITS_56);
                case "no128", "nomppe-128" -> lengths.remove(MppeKeyLength.BITS_128);
                case "40", "56", "128" -> { }
                case "no", "off" -> {
                    refused = true;
                    return;
                }
                default -> problems.error(file, line, "unknown word '" + item
                        + "' in the mppe option (known: required, stateless, stateful, no40, no56, no128)");
            }
        }
        if (!said) {
            problems.warning(file, line, "'mppe " + arg + "' without 'required': pppd 2.4.9 has no optional MPPE, so MPPE is required");
        }
        required = true;
        on.addAll(lengths);
        for (MppeKeyLength k : MppeKeyLength.values()) {
            if (!lengths.contains(k)) {
                off.add(k);
            }
        }
        firstLine(line);
    }

    private void firstLine(int line) {
        if (this.line == 0) {
            this.line = line;
        }
    }

    MppePolicy policy(String file, Problems problems) {
        if (refused || !required) {
            return MppePolicy.refused();
        }
        Set<MppeKeyLength> lengths = EnumSet.noneOf(MppeKeyLength.class);
        lengths.addAll(on);
        lengths.removeAll(off);
        if (lengths.isEmpty()) {
            problems.error(file, line, "MPPE is required but every key length (40, 56, 128) is turned off");
            lengths.add(MppeKeyLength.BITS_128);
        }
        return new MppePolicy(true, lengths, stateful);
    }
}
