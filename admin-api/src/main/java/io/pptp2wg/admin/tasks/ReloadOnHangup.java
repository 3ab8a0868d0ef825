package io.pptp2wg.admin.tasks;

import io.pptp2wg.admin.core.SecretsReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reads chap-secrets and pap-secrets again, as {@code POST /tasks/reload-secrets} does: what
 * {@code systemctl reload pptp2wg} sends ({@code ExecReload=kill -HUP $MAINPID}), and what pppd's admins know.
 * The JDK has no supported signal API; {@code sun.misc.Signal} (jdk.unsupported) is the one the JVM itself
 * offers. Without it, SIGHUP would end the JVM like SIGTERM.
 */
public final class ReloadOnHangup {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadOnHangup.class);

    private ReloadOnHangup() {
    }

    /** Replaces the JVM's SIGHUP handler (shutdown) with a reload; a JVM run with -Xrs keeps the default. */
    public static void install(SecretsReloader reloader) {
        try {
            Signal.handle(new Signal("HUP"), signal -> LOG.info("SIGHUP: {}", reloader.reload().replace('\n', ' ')));
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot reload the secrets here ({}); POST /tasks/reload-secrets still does", e.getMessage());
        }
    }
}
