package io.pptp2wg.radius;

import io.pptp2wg.config.Problems;
import io.pptp2wg.config.radius.AvPair;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Data;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.dictionary.AttributeDefinition;
import org.aaa4j.radius.core.dictionary.AttributeFactory;
import org.aaa4j.radius.core.dictionary.Dictionary;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options file's {@code avpair ATTR=VALUE} lines as attributes, looked up in aaa4j-radius's standard
 * dictionary (RFC 2865/2866/2869 and later). Attributes the gateway fills itself cannot be overridden.
 */
public final class AvPairs {
    /** The gateway sets these (or they carry the login itself). */
    private static final Set<Integer> RESERVED = Set.of(RadiusWire.USER_NAME, RadiusWire.USER_PASSWORD,
            RadiusWire.CHAP_PASSWORD, RadiusWire.CHAP_CHALLENGE, RadiusWire.MESSAGE_AUTHENTICATOR, RadiusWire.VENDOR_SPECIFIC);

    /**
     * RFC 2865 §5.6, §5.7, §5.41 value names (as in FreeRADIUS's and radiusclient's dictionaries), written here
     * because aaa4j-radius's standard dictionary knows the attributes but not these names.
     */
    private static final java.util.Map<String, java.util.Map<String, Integer>> VALUE_NAMES = java.util.Map.of(
            "Service-Type", java.util.Map.ofEntries(java.util.Map.entry("Login-User", 1), java.util.Map.entry("Framed-User", 2),
                    java.util.Map.entry("Callback-Login-User", 3), java.util.Map.entry("Callback-Framed-User", 4),
                    java.util.Map.entry("Outbound-User", 5), java.util.Map.entry("Administrative-User", 6),
                    java.util.Map.entry("NAS-Prompt-User", 7), java.util.Map.entry("Authenticate-Only", 8),
                    java.util.Map.entry("Callback-NAS-Prompt", 9), java.util.Map.entry("Call-Check", 10),
                    java.util.Map.entry("Callback-Administrative", 11)),
            "Framed-Protocol", java.util.Map.of("PPP", 1, "SLIP", 2, "ARAP", 3, "Gandalf-SLML", 4, "Xylogics-IPX-SLIP", 5,
                    "X.75-Synchronous", 6),
            "NAS-Port-Type", java.util.Map.of("Async", 0, "Sync", 1, "ISDN", 2, "ISDN-V120", 3, "ISDN-V110", 4,
                    "Virtual", 5, "PIAFS", 6, "HDLC-Clear-Channel", 7, "X.25", 8, "X.75", 9));

    private AvPairs() {}

    /** The attributes, or a problem at the avpair's FILE:LINE for each that cannot be sent. */
    public static List<Attribute<?>> resolve(List<AvPair> pairs, Dictionary dictionary, Problems problems) {
        List<Attribute<?>> out = new ArrayList<>();
        for (AvPair p : pairs) {
            AttributeDefinition<?, ?> def = dictionary.getAttributeDefinition(p.attribute());
            if (def == null) {
                problems.error(p.file(), p.line(), "avpair: unknown attribute '" + p.attribute() + "'");
                continue;
            }
            if (RESERVED.contains(def.getIdentifier().head())) {
                problems.error(p.file(), p.line(), "avpair: " + p.attribute() + " is set by the gateway itself");
                continue;
            }
            Data data = data(def, p.value(), dictionary);
            if (data == null) {
                problems.error(p.file(), p.line(), "avpair: '" + p.value() + "' is not a value of " + def.getName()
                        + " (" + def.getDataClass().getSimpleName().replace("Data", "") + ")");
                continue;
            }
            out.add(build(def, data));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <D extends Data> Attribute<?> build(AttributeDefinition<?, ?> def, Data data) {
        return ((AttributeFactory<D>) def.getAttributeFactory()).build((D) data);
    }

    private static Data data(AttributeDefinition<?, ?> def, String value, Dictionary dictionary) {
        Class<?> type = def.getDataClass();
        try {
            if (type == TextData.class) {
                return new TextData(value);
            }
            if (type == StringData.class) {
                return new StringData(value.getBytes(StandardCharsets.UTF_8));
            }
            if (type == IntegerData.class) {
                return new IntegerData(Integer.parseUnsignedInt(value));
            }
            if (type == EnumData.class) {
                Integer named = dictionary.getNumericAttributeValue(def.getIdentifier(), value);
                if (named == null) {
                    named = VALUE_NAMES.getOrDefault(def.getName(), java.util.Map.of()).get(value);
                }
                return new EnumData(named != null ? named : Integer.parseUnsignedInt(value));
            }
            if (type == Ipv4AddrData.class && value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                InetAddress a = InetAddress.getByName(value); // a literal: no lookup
                return a instanceof Inet4Address v4 ? new Ipv4AddrData(v4) : null;
            }
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** Throws when an avpair cannot be sent (for callers without a problem list). */
    public static List<Attribute<?>> resolveOrThrow(List<AvPair> pairs, Dictionary dictionary) {
        Problems problems = new Problems();
        List<Attribute<?>> out = resolve(pairs, dictionary, problems);
        problems.throwIfErrors();
        return out;
    }
}
