package io.pptp2wg.session;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client shows of itself inside PPP, beyond Start-Control-Connection-Request: the texts of its
 * LCP Identification packets (RFC 1570 §2.3; Windows sends "MSRASV5.20" and "MSRAS-0-&lt;computer name&gt;")
 * and how it wrote its name in the CHAP Response / PAP Authenticate-Request (Windows may send
 * "DOMAIN\\user", pppd sends the name as configured). Texts arrive cleaned: printable ASCII, bounded.
 *
 * @param identifications the distinct Identification texts, in arrival order (at most a few)
 * @param nameForm        the form of the name the client authenticated with
 */
public record PppTraits(List<String> identifications, NameForm nameForm) {
    public static final PppTraits NONE = new PppTraits(List.of(), NameForm.UNSEEN);

    /** Windows' computer name in its Identification text: "MSRAS-" digit(s) "-" name. */
    private static final Pattern MSRAS_HOST = Pattern.compile("MSRAS-[0-9]{1,3}-(.+)");

    public PppTraits {
        identifications = List.copyOf(identifications);
    }

    /** The computer name a Windows client sent in LCP Identification ("MSRAS-0-LAPTOP1" → "LAPTOP1"). */
    public Optional<String> identificationHost() {
        for (String text : identifications) {
            Matcher m = MSRAS_HOST.matcher(text);
            if (m.matches() && !m.group(1).isBlank()) {
                return Optional.of(m.group(1).strip());
            }
        }
        return Optional.empty();
    }

    /** The form of the name in the client's authentication packet: a stable habit of its software and settings. */
    public sealed interface NameForm {
        NameForm UNSEEN = new Unseen();
        NameForm PLAIN = new Plain();

        /** No CHAP Response or PAP request seen (yet). */
        record Unseen() implements NameForm {}

        /** "user": no domain part. */
        record Plain() implements NameForm {}

        /** "DOMAIN\\user": the domain as sent (cleaned). */
        record Domain(String domain) implements NameForm {}

        /** The form of a name as sent: a backslash makes the part before it the domain (MS-CHAP, RFC 2433 §4). */
        static NameForm of(String nameAsSent) {
            int slash = nameAsSent.indexOf('\\');
            if (slash < 0) {
                return PLAIN;
            }
            return new Domain(DeviceFingerprint.clean(nameAsSent.substring(0, slash)));
        }

        /** Short text for keys and views: "", "plain", "domain:X". */
        default String label() {
            return switch (this) {
                case Unseen u -> "";
                case Plain p -> "plain";
                case Domain d -> "domain:" + d.domain();
            };
        }
    }
}
