package io.pptp2wg.config.uci;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.SecretsEntryFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenWrt's {@code /etc/config/pptpd}, in both schemas seen on real routers:
 * <ul>
 *   <li>the packages feed's ({@code config service 'pptpd'}: enabled, localip, remoteip,
 *       {@code list mppe} words, logwtmp; {@code config login}: username, password, remoteip), whose init
 *       script writes each login into chap-secrets with any address and appends
 *       {@code mppe required,no40,no56,stateless} (its default) to the options file;</li>
 *   <li>luci-app-pptp-server's ({@code config service} anonymous: enabled, localip, remoteip,
 *       {@code mppe} as a 0/1 flag, dns; {@code config users}: enabled, username, password, ipaddress).</li>
 * </ul>
 *
 * @param mppeWords the words for pppd's {@code mppe} option, or empty to leave MPPE to the options file
 */
public record OpenWrtPptpd(
        boolean enabled,
        int enabledLine,
        Optional<AddressList> localIp,
        Optional<AddressList> remoteIp,
        Optional<String> mppeWords,
        int mppeLine,
        boolean logwtmp,
        List<Integer> dns,
        List<SecretsEntry> users) {

    /** The packages feed's default MPPE list (its init script's validation default). */
    public static final String DEFAULT_MPPE = "required,no40,no56,stateless";

    public static OpenWrtPptpd from(String file, List<UciSection> sections, Problems problems) {
        UciSection service = sections.stream().filter(s -> s.type().equals("service")).findFirst().orElse(null);
        if (service == null) {
            problems.error(file, 0, "no 'config service' section (expected \"config service 'pptpd'\")");
            return new OpenWrtPptpd(false, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0, false, List.of(), List.of());
        }
        boolean enabled = service.get("enabled").map(v -> v.equals("1")).orElse(true);
        Optional<AddressList> local = addresses(file, service, "localip", problems);
        Optional<AddressList> remote = addresses(file, service, "remoteip", problems);
        boolean logwtmp = service.get("logwtmp").map(v -> v.equals("1")).orElse(false);
        Optional<String> mppe;
        var mppeValue = service.options().get("mppe");
        if (mppeValue == null) {
            mppe = Optional.of(DEFAULT_MPPE);
        } else if (mppeValue.values().size() == 1 && mppeValue.last().equals("0")) {
            mppe = Optional.of("no"); // luci-app-pptp-server: encryption off
        } else if (mppeValue.values().size() == 1 && mppeValue.last().equals("1")) {
            mppe = Optional.of(DEFAULT_MPPE); // luci-app-pptp-server: encryption on
        } else {
            mppe = Optional.of(String.join(",", mppeValue.values()));
        }
        List<Integer> dns = new ArrayList<>();
        for (String key : List.of("dns", "remotedns")) {
            var v = service.options().get(key);
            if (v != null) {
                for (String d : v.values()) {
                    var ip = Ipv4.parse(d);
                    if (ip.isEmpty()) {
                        problems.error(file, v.line(), "'" + key + "' needs an IPv4 address, got '" + d + "'");
                    } else {
                        dns.add((int) ip.getAsLong());
                    }
                }
            }
        }
        List<SecretsEntry> users = new ArrayList<>();
        for (UciSection s : sections) {
            if (!s.type().equals("login") && !s.type().equals("users")) {
                continue;
            }
            if (s.get("enabled").map(v -> v.equals("0")).orElse(false)) {
                continue;
            }
            Optional<String> user = s.get("username");
            Optional<String> password = s.get("password");
            if (user.isEmpty() || user.get().isEmpty() || password.isEmpty() || password.get().isEmpty()) {
                problems.warning(file, s.line(), "a '" + s.type() + "' section without username or password is skipped"
                        + " (as OpenWrt's init script does)");
                continue;
            }
            Optional<Integer> fixed = Optional.empty();
            for (String key : List.of("ipaddress", "remoteip")) {
                var a = s.get(key).filter(v -> !v.isEmpty() && !v.equals("*"));
                if (a.isPresent()) {
                    var ip = Ipv4.parse(a.get());
                    if (ip.isEmpty()) {
                        problems.error(file, s.lineOf(key), "'" + key + "' of user '" + user.get() + "' is not an IPv4 address");
                    } else {
                        fixed = Optional.of((int) ip.getAsLong());
                    }
                }
            }
            users.add(SecretsEntryFactory.fromUci(user.get(), password.get(), fixed, file, s.lineOf("password")));
        }
        return new OpenWrtPptpd(enabled, service.lineOf("enabled"), local, remote, mppe,
                mppeValue == null ? service.line() : mppeValue.line(), logwtmp, dns, users);
    }

    private static Optional<AddressList> addresses(String file, UciSection s, String key, Problems problems) {
        Optional<String> v = s.get(key).filter(x -> !x.isBlank());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        var parsed = AddressList.parse(v.get().replaceAll("\\s", ""));
        if (parsed.list().isEmpty()) {
            problems.error(file, s.lineOf(key), key + ": " + parsed.error());
        }
        return parsed.list();
    }
}
