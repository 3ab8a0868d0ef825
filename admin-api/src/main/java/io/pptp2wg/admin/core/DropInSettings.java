package io.pptp2wg.admin.core;

import io.pptp2wg.config.ConfigProblem;
import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.text.ConfigFiles;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardSettings;
import io.pptp2wg.admin.Pptp2wgConfiguration;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Everything config.yml points to, read and checked together; used by {@code server} and {@code check}. */
public record DropInSettings(GatewaySettings gateway, WireGuardSettings wireguard, List<ConfigProblem> notes) {

    /** Reads every file; throws {@link io.pptp2wg.config.ConfigException} listing all errors if there is one. */
    public static DropInSettings load(Pptp2wgConfiguration config) {
        DropInLoader.Loaded loaded = DropInLoader.load(config.pptpd().toPaths());
        Problems problems = loaded.problems();
        Optional<WireGuardSettings> wg = Optional.empty();
        var path = config.wireguard().config();
        try {
            String content = ConfigFiles.read(path);
            wg = WgQuickReader.parse(path, content, config.wireguard().mode(), problems);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
            problems.error(path.toString(), 0, "cannot read the WireGuard configuration: " + why);
        } catch (IllegalArgumentException e) {
            problems.error("config.yml", 0, e.getMessage());
        }
        problems.throwIfErrors();
        return new DropInSettings(loaded.settings().orElseThrow(), wg.orElseThrow(), problems.all());
    }
}
