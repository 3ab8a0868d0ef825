package io.pptp2wg.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as plain ints, parsed strictly from dotted quads (never through DNS: a
 * configuration file that names a host where an address belongs is a mistake to report).
 */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses {@code a.b.c.d}; returns empty for anything else (no octal, no short forms). */
    public static java.util.OptionalLong parse(String text) {
        if (text == null) {
            return java.util.OptionalLong.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return java.util.OptionalLong.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return java.util.OptionalLong.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return java.util.OptionalLong.empty();
            }
            value = (value << 8) | octet;
        }
        return java.util.OptionalLong.of(value);
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    public static InetAddress toInetAddress(int address) {
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    public static int fromInetAddress(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
