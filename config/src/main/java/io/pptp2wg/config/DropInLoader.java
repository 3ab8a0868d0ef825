package io.pptp2wg.config;

import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.ppp.PppOptionsParser;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.pptpd.PptpdConf;
import io.pptp2wg.config.pptpd.PptpdConfParser;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusClientConfParser;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.SecretsParser;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.config.text.ConfigFiles;
import io.pptp2wg.config.uci.OpenWrtPptpd;
import io.pptp2wg.config.uci.UciParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an old pptpd host's files, unchanged, into {@link GatewaySettings}. The files stay the
 * source of truth: nothing is converted or written back.
 */
public final class DropInLoader {
    private DropInLoader() {}

    /** The settings (absent when there is an error) and every problem found. */
    public record Loaded(Optional<GatewaySettings> settings, Problems problems) {
        public GatewaySettings orThrow() {
            problems.throwIfErrors();
            return settings.orElseThrow();
        }
    }

    public static Loaded load(DropInPaths paths) {
        Problems problems = new Problems();
        final PptpdConf conf = paths.pptpdConf()
                .map(p -> Optional.ofNullable(read(p, "pptpd.conf", problems))
                        .map(content -> PptpdConfParser.parse(p, content, problems)).orElse(null))
                .orElse(null);
        if (paths.pptpdConf().isEmpty() && paths.uci().isEmpty()) {
            problems.error("config.yml", 0, "pptpd.conf (or pptpd.uci for OpenWrt) must be set");
        }

        final OpenWrtPptpd uci = paths.uci()
                .map(p -> Optional.ofNullable(read(p, "OpenWrt UCI file", problems))
                        .map(content -> OpenWrtPptpd.from(p.toString(), UciParser.parse(p.toString(), content, problems), problems))
                        .orElse(null))
                .orElse(null);
        if (uci != null && !uci.enabled()) {
            problems.warning(paths.uci().get().toString(), uci.enabledLine(),
                    "the service is disabled (enabled '0'); the gateway serves it anyway, since it was started");
        }

        // The pppd options file: config.yml, else pptpd.conf's option line, else OpenWrt's usual place.
        Optional<Path> optionsPath = paths.options()
                .or(() -> Optional.ofNullable(conf).flatMap(PptpdConf::optionFile));
        if (optionsPath.isEmpty() && uci != null && Files.isReadable(DropInPaths.OPENWRT_OPTIONS)) {
            optionsPath = Optional.of(DropInPaths.OPENWRT_OPTIONS);
        }
        PppOptions ppp;
        if (optionsPath.isPresent()) {
            ppp = PppOptionsParser.read(optionsPath.get(), problems);
        } else {
            String where = paths.pptpdConf().map(Path::toString).orElse("config.yml");
            problems.warning(where, 0, "no pppd options file (no 'option' line): pppd's defaults apply, "
                    + "MS-CHAPv2 without MPPE");
            ppp = PppOptionsParser.parse(Path.of("(defaults)"), "", problems);
        }
        if (uci != null && uci.mppeWords().isPresent()) {
            // OpenWrt's init script appends "mppe WORDS" to the options file
            Problems uciMppe = new Problems();
            PppOptions withMppe = PppOptionsParser.parse(Path.of(paths.uci().get().toString()),
                    "mppe " + uci.mppeWords().get(), uciMppe);
            for (ConfigProblem pr : uciMppe.all()) {
                addAt(problems, pr, paths.uci().get().toString(), uci.mppeLine());
            }
            ppp = ppp.withMppe(withMppe.mppe());
        }
        if (uci != null && !uci.dns().isEmpty() && ppp.msDns().isEmpty()) {
            ppp = ppp.withMsDns(uci.dns().subList(0, Math.min(2, uci.dns().size())));
        }
        if (paths.preferStatefulMppe()) {
            MppePolicy m = ppp.mppe();
            if (!m.required()) {
                problems.warning("config.yml", 0, "pptpd.preferStatefulMppe is set but MPPE is not enabled in "
                        + ppp.file() + "; it has no effect");
            } else {
                ppp = ppp.withMppe(m.withStateful(StatefulMppe.PREFER));
            }
        }

        // Addresses: pptpd.conf (or UCI) wins over the options file's LOCAL:REMOTE, as on pptpd's pppd command line.
        String addrFile = paths.pptpdConf().or(paths::uci).map(Path::toString).orElse("config.yml");
        AddressList localList = Optional.ofNullable(uci).flatMap(OpenWrtPptpd::localIp)
                .or(() -> Optional.ofNullable(conf).map(PptpdConf::localIp).filter(l -> !l.isEmpty()))
                .orElse(AddressList.empty());
        Integer localIp = localList.first().or(ppp::localIp).orElse(null);
        if (localIp == null) {
            problems.error(addrFile, conf != null ? conf.localIpLine() : 0,
                    "no localip: the gateway needs its own tunnel address (pptpd.conf 'localip', or 'LOCAL:' in the options file)");
        } else if (localList.size() > 1) {
            problems.ignored(addrFile, conf != null ? conf.localIpLine() : 0, "localip lists " + localList.size()
                    + " addresses; the gateway uses the first, " + Ipv4.format(localIp) + ", as its tunnel address on every session");
        }
        final PppOptions options = ppp;
        AddressList pool = Optional.ofNullable(uci).flatMap(OpenWrtPptpd::remoteIp)
                .or(() -> Optional.ofNullable(conf).map(PptpdConf::remoteIp).filter(l -> !l.isEmpty()))
                .orElseGet(() -> options.remoteIp().map(r -> AddressList.of(List.of(new AddressList.Range(r, r))))
                        .orElse(AddressList.empty()));
        if (localIp != null && pool.contains(localIp)) {
            problems.error(addrFile, conf != null ? conf.remoteIpLine() : 0,
                    "remoteip contains the gateway's own tunnel address " + Ipv4.format(localIp));
        }

        // Users: RADIUS (pppd's radius plugin), else chap-secrets/pap-secrets (or UCI)
        RadiusClientConf radius = ppp.radius().map(plugin -> RadiusClientConfParser.read(plugin, problems))
                .map(r -> r.withRequireMessageAuthenticator(paths.radiusRequireMessageAuthenticator())).orElse(null);
        if (radius != null && !radius.requireMessageAuthenticator()) {
            problems.warning("config.yml", 0, "pptpd.radiusRequireMessageAuthenticator is false: RADIUS replies without "
                    + "Message-Authenticator are trusted on their Response Authenticator alone (open to Blast-RADIUS forgery); "
                    + "make the servers send it and remove the setting");
        }
        UserDirectory users;
        if (ppp.radius().isPresent()) {
            var plugin = ppp.radius().get();
            problems.warning(plugin.file(), plugin.line(), "plugin radius.so: every login is checked by RADIUS ("
                    + plugin.configFile() + (radius == null ? "" : ", servers " + radius.authServers().stream()
                            .map(RadiusServer::hostPort).toList()) + "); " + paths.chapSecrets() + " and "
                    + paths.papSecrets() + " are not used for authentication, as with pppd");
            users = UserDirectory.of(List.of(), List.of(), ppp.name(), e -> { });
        } else if (uci != null) {
            List<SecretsEntry> chap = new ArrayList<>(uci.users());
            if (paths.pptpdConf().isPresent() && Files.isReadable(paths.chapSecrets())) {
                chap.addAll(readSecrets(paths.chapSecrets(), problems));
            }
            users = UserDirectory.of(chap, List.of(), ppp.name(), e -> duplicate(e, problems));
        } else {
            users = loadUsers(paths, ppp, problems);
        }
        if (radius == null && ppp.radius().isEmpty() && users.userNames().isEmpty() && !users.hasWildcards()) {
            problems.warning(paths.uci().map(Path::toString).orElse(paths.chapSecrets().toString()), 0,
                    "no user can log in: no entry applies to server name '" + ppp.name() + "'");
        }
        if (pool.isEmpty() && ppp.radius().isPresent()) {
            problems.warning(addrFile, 0, "no remoteip pool: only users whose RADIUS answer carries a Framed-IP-Address can log in");
        } else if (pool.isEmpty()) {
            for (String u : users.userNames()) {
                if (users.fixedAddress(u).isEmpty()) {
                    problems.error(addrFile, 0, "no remoteip pool, and user '" + u + "' has no fixed address");
                    break;
                }
            }
        }

        boolean debug = (conf != null && conf.debug()) || ppp.debug();
        if (problems.hasErrors()) {
            users.destroy();
            if (radius != null) {
                radius.destroy();
            }
            return new Loaded(Optional.empty(), problems);
        }
        PptpdConf c = conf != null ? conf : PptpdConf.defaults(Path.of("(defaults)"));
        boolean logwtmp = c.logwtmp() || (uci != null && uci.logwtmp());
        List<ConfigProblem> notes = problems.all();
        return new Loaded(Optional.of(new GatewaySettings(c.listen(), c.connections(), c.stimeoutSeconds(), logwtmp,
                debug, localIp, pool, ppp, users, notes, Optional.ofNullable(radius))), problems);
    }

    /** chap-secrets and (when PAP is allowed) pap-secrets: read at start and again when they change. */
    public static UserDirectory loadUsers(DropInPaths paths, PppOptions ppp, Problems problems) {
        List<SecretsEntry> chap = readSecrets(paths.chapSecrets(), problems);
        List<SecretsEntry> pap = List.of();
        if (ppp.authSet().contains(io.pptp2wg.config.ppp.AuthProtocol.PAP)) {
            if (Files.exists(paths.papSecrets())) {
                pap = readSecrets(paths.papSecrets(), problems);
            } else {
                if (ppp.auth().size() == 1) {
                    problems.warning(paths.papSecrets().toString(), 0, "PAP is allowed but there is no pap-secrets: no PAP login can succeed");
                } else {
                    // pppd offers PAP only while pap-secrets has an entry for it (auth_reset)
                    problems.ignored(paths.papSecrets().toString(), 0, "no pap-secrets: PAP is not offered, as with pppd");
                }
            }
        }
        return UserDirectory.of(chap, pap, ppp.name(), e -> duplicate(e, problems));
    }

    private static List<SecretsEntry> readSecrets(Path path, Problems problems) {
        String content = read(path, "secrets file", problems);
        return content == null ? List.of() : SecretsParser.parse(path, content, problems);
    }

    private static void duplicate(SecretsEntry e, Problems problems) {
        problems.warning(e.file(), e.line(), "user '" + e.client() + "' is listed again; the earlier entry is used");
    }

    private static void addAt(Problems into, ConfigProblem p, String file, int line) {
        switch (p.severity()) {
            case ERROR -> into.error(file, line, p.message());
            case WARNING -> into.warning(file, line, p.message());
            case IGNORED -> into.ignored(file, line, p.message());
        }
    }

    private static String read(Path p, String what, Problems problems) {
        try {
            return ConfigFiles.read(p);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            problems.error(p.toString(), 0, "cannot read the " + what + ": " + why);
            return null;
        }
    }
}
