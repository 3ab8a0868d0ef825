package io.pptp2wg.config.ppp;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * MPPE as the options file asks for it, with pppd 2.4.9's semantics: there is no optional MPPE.
 * Either it is required (and a client that will not do it is disconnected), or it is refused.
 *
 * @param required   whether MPPE must be negotiated; when false it is refused in CCP
 * @param keyLengths the strengths that may be agreed (never empty when required)
 * @param stateful   whether stateful mode may be used
 */
public record MppePolicy(boolean required, Set<MppeKeyLength> keyLengths, StatefulMppe stateful) {
    public MppePolicy {
        keyLengths = Collections.unmodifiableSet(keyLengths.isEmpty()
                ? EnumSet.noneOf(MppeKeyLength.class) : EnumSet.copyOf(keyLengths));
    }

    public static MppePolicy refused() {
        return new MppePolicy(false, EnumSet.noneOf(MppeKeyLength.class), StatefulMppe.REFUSE);
    }

    public MppePolicy withStateful(StatefulMppe mode) {
        return new MppePolicy(required, keyLengths, mode);
    }

    /** As pppd logs it: "128-bit stateless", or "none". */
    @Override
    public String toString() {
        if (!required) {
            return "none";
        }
        return String.join("/", keyLengths.stream().map(k -> Integer.toString(k.bits())).toList())
                + "-bit" + (stateful == StatefulMppe.REFUSE ? " stateless" : " stateful=" + stateful.name().toLowerCase());
    }
}
