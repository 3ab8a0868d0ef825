package io.pptp2wg.gateway;

import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.ppp.PppLinks;

import java.nio.file.Path;
import java.util.Optional;

/**
 * By hand against the real client VM: the gateway with the real PPP core, from a pptpd.conf.
 * {@code ip netns exec pptplab java -cp ... io.pptp2wg.gateway.LabMain DIR SECONDS [stateful]}, where
 * DIR holds pptpd.conf (with {@code option DIR/options.pptpd}), chap-secrets and pap-secrets.
 * pppd-like debug lines go to stdout when the options say {@code debug}.
 */
public final class LabMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        boolean stateful = args.length > 2 && args[2].equals("stateful");
        DropInLoader.Loaded loaded = DropInLoader.load(new DropInPaths(Optional.of(dir.resolve("pptpd.conf")),
                Optional.empty(), dir.resolve("chap-secrets"), dir.resolve("pap-secrets"), Optional.empty(), stateful));
        loaded.problems().all().forEach(p -> System.out.println("LAB config: " + p));
        GatewaySettings settings = loaded.settings().orElseThrow();
        PptpGateway g = new PptpGateway(GatewayOptions.of(settings,
                cfg -> PppLinks.server(cfg, line -> System.out.println("LAB ppp " + line))).withEventLoops(2));
        g.addListener(e -> System.out.println("LAB event " + e));
        g.start();
        System.out.println("LAB gateway up: " + settings.listen().orElse("*"));
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until && !Thread.interrupted()) {
            Thread.sleep(200);
        }
        System.out.println("LAB stats " + g.stats());
        g.stop();
    }
}
