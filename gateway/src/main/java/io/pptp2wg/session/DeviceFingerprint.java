package io.pptp2wg.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * A device: what the gateway can tell apart about the clients of one user. A pure function of the user
 * and the {@link ClientFingerprint}:
 * <ul>
 * <li>the device's <b>name</b>: the computer name of Windows' LCP Identification ("MSRAS-0-LAPTOP1"), else the
 *     Host Name of Start-Control-Connection-Request unless it is a placeholder (empty, pptp-linux's "local",
 *     "localhost", ...); compared without case;</li>
 * <li>the <b>vendor</b> of Start-Control-Connection-Request ("Microsoft", pptp-linux's "cananian", a router's);</li>
 * <li>the <b>name form</b> of its login ("user" or "DOMAIN\\user"), a habit of its software and settings;</li>
 * <li>only for a device without a name: its <b>firmware revision</b> and its <b>public IP address</b> (not the
 *     port). A named device keeps its identity when it roams (a laptop at home, at a hotel) or updates
 *     (Windows reports its build as the firmware revision); an unnamed one can only be told apart by where it
 *     is and what it runs, so two pptp-linux clients behind one NAT are one device to the gateway.</li>
 * </ul>
 * The {@link #id} is the first 64 bits of SHA-256 over these parts, in hex: stable across restarts and
 * releases (the parts are versioned), short enough for a URL, and it reveals nothing the API does not show.
 *
 * @param id       16 hex digits, unique per user in practice
 * @param name     the device's name as sent (cleaned), or empty when it has none
 * @param vendor   the vendor as sent (cleaned)
 * @param firmwareRevision as sent
 * @param publicIp where it connected from; part of the identity only when {@code name} is empty
 * @param nameForm "plain", "domain:X", or "" when no login was seen
 */
public record DeviceFingerprint(String id, String name, String vendor, int firmwareRevision, String publicIp,
                                String nameForm) {
    /** Longest name or vendor kept: RFC 2637 §2.1 fields are 64 octets. */
    public static final int MAX_TEXT = 64;
    /** Host names that say nothing about the device: the defaults of clients and systems without a name. */
    static final Set<String> PLACEHOLDERS = Set.of("", "local", "localhost", "localhost.localdomain", "(none)",
            "none", "unknown", "unnamed");
    /** Changes when the parts or their order change: old ids then stop matching, so never change it lightly. */
    private static final String VERSION = "pptp2wg-device-1";

    public static DeviceFingerprint of(String user, ClientFingerprint client) {
        PppTraits ppp = client.ppp();
        String name = ppp.identificationHost().map(DeviceFingerprint::clean).orElse("");
        if (isPlaceholder(name)) {
            name = clean(client.hostName());
        }
        if (isPlaceholder(name)) {
            name = "";
        }
        String vendor = clean(client.vendor());
        String ip = ipOf(client.publicAddress());
        String form = clean(ppp.nameForm().label());
        StringBuilder key = new StringBuilder(VERSION).append('\0').append(user == null ? "" : user)
                .append('\0').append(name.toLowerCase(Locale.ROOT))
                .append('\0').append(vendor.toLowerCase(Locale.ROOT))
                .append('\0').append(form.toLowerCase(Locale.ROOT));
        if (name.isEmpty()) {
            key.append('\0').append(client.firmwareRevision()).append('\0').append(ip);
        }
        return new DeviceFingerprint(hash(key.toString()), name, vendor, client.firmwareRevision(), ip, form);
    }

    /** Whether the public address is part of this device's identity (it has no name of its own). */
    public boolean identifiedByAddress() {
        return name.isEmpty();
    }

    /** For people: "LAPTOP1 (Microsoft)", "cananian firmware 1 at 203.0.113.5". */
    public String label() {
        String v = vendor.isEmpty() ? "unknown vendor" : vendor;
        return name.isEmpty() ? v + " firmware " + firmwareRevision + " at " + publicIp : name + " (" + v + ")";
    }

    static boolean isPlaceholder(String name) {
        return PLACEHOLDERS.contains(name.strip().toLowerCase(Locale.ROOT));
    }

    /** Untrusted text: printable ASCII only (anything else dropped), trimmed, at most {@link #MAX_TEXT} characters. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        for (int i = 0; i < text.length() && sb.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    private static String ipOf(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        InetAddress a = address.getAddress();
        return a != null ? a.getHostAddress() : clean(address.getHostString()); // never a DNS lookup
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
