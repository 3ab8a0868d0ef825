package io.pptp2wg.admin.testing;

import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.GatewaySettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A pptpd host's files with a given pool and users (name → address column), read by the real loader. */
public final class OldHost {
    private OldHost() {}

    public static GatewaySettings settings(Path dir, String remoteip, Map<String, String> users) {
        try {
            Files.writeString(dir.resolve("options.pptpd"), "name pptpd\nrequire-mschap-v2\nms-dns 192.0.2.53\n");
            Files.writeString(dir.resolve("pptpd.conf"), "option " + dir.resolve("options.pptpd")
                    + "\nlocalip 192.0.2.1\nremoteip " + remoteip + "\n");
            StringBuilder chap = new StringBuilder();
            users.forEach((u, a) -> chap.append(u).append(" * pw-").append(u).append(' ').append(a).append('\n'));
            Files.writeString(dir.resolve("chap-secrets"), chap.toString());
            Files.writeString(dir.resolve("pap-secrets"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var loaded = DropInLoader.load(new DropInPaths(Optional.of(dir.resolve("pptpd.conf")), Optional.empty(),
                dir.resolve("chap-secrets"), dir.resolve("pap-secrets"), Optional.empty(), false));
        return loaded.settings().orElseThrow(() -> new AssertionError(loaded.problems().all()));
    }
}
