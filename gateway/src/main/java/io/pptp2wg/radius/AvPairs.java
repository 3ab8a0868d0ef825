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
