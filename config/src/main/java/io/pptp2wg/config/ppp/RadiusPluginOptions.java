package io.pptp2wg.config.ppp;

import io.pptp2wg.config.Problems;
import io.pptp2wg.config.radius.AvPair;
import io.pptp2wg.config.radius.RadiusPlugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an options file says about pppd 2.4.9's radius plugin: {@code plugin radius.so} (by path or by name),
 * {@code radius-config-file} and {@code avpair}; the plugins that make no sense here are ignored or refused with the
 * reason.
 */
final class RadiusPluginOptions {
    private int pluginLine;
    private Path config = RadiusPlugin.DEFAULT_CONFIG_FILE;
    private int configLine;
    private final List<AvPair> avpairs = new ArrayList<>();

    /** pppd loads plugins by path or by name from its plugin directory; only the file name matters here. */
    void plugin(String file, int line, String arg, Problems problems) {
        String name = arg.substring(arg.lastIndexOf('/') + 1); // not Path.of: the file may hold a NUL (fuzzing found it)
        switch (name) {
            case "radius.so" -> pluginLine = line;
            case "radattr.so" -> problems.ignored(file, line, "plugin " + arg + ": radattr writes RADIUS reply attributes "
                    + "to /var/run/radattr.pppN for ip-up scripts; the gateway runs no ip-up scripts");
            case "radrealms.so" -> problems.error(file, line, "'plugin " + arg + "' cannot be loaded: choosing the RADIUS "
                    + "server by realm is not supported; list the servers in radiusclient.conf");
            default -> problems.error(file, line, "'plugin " + arg
                    + "' cannot be loaded: the gateway is not pppd; users come from chap-secrets/pap-secrets"
                    + " (or from RADIUS with 'plugin radius.so')");
        }
    }

    void configFile(String file, int line, String arg, Problems problems) {
        Optional<Path> path = problems.path(file, line, "'radius-config-file'", arg);
        if (path.isPresent()) {
            config = path.get();
            configLine = line;
        }
        if (pluginLine == 0) {
            problems.warning(file, line, "'radius-config-file' before 'plugin radius.so': pppd would not know "
                    + "the option yet and refuse to start; the gateway uses it anyway");
        }
    }

    void avpair(String file, int line, String arg, Problems problems) {
        AvPair pair = AvPair.parse(arg, file, line);
        if (pair == null) {
            problems.error(file, line, "'avpair' needs ATTRIBUTE=VALUE, got '" + arg + "'");
        } else {
            avpairs.add(pair);
        }
    }

    /** The plugin as loaded, or empty (with a warning for its options given without it). */
    Optional<RadiusPlugin> finish(String file, Problems problems) {
        if (pluginLine != 0) {
            return Optional.of(new RadiusPlugin(file, pluginLine, config, avpairs));
        }
        if (!avpairs.isEmpty()) {
            problems.warning(file, avpairs.get(0).line(), "'avpair' has no effect without 'plugin radius.so'");
        } else if (configLine != 0) {
            problems.warning(file, configLine, "'radius-config-file' has no effect without 'plugin radius.so'");
        }
        return Optional.empty();
    }
}
