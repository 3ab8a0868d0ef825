package io.pptp2wg.admin.tasks;

import io.pptp2wg.admin.core.SecretsReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

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
            SignalHandler before = Signal.handle(new Signal("HUP"),
                    signal -> LOG.info("SIGHUP: {}", reloader.reload().replace('\n', ' ')));
            if (before == SignalHandler.SIG_IGN) {
                // started with SIGHUP ignored (nohup, some supervisors): the JVM keeps it ignored and never calls us
                LOG.warn("SIGHUP is ignored by this process (started under nohup?): kill -HUP does not reload the"
                        + " secrets; POST /tasks/reload-secrets does (systemd starts the unit with SIGHUP handled)");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot reload the secrets here ({}); POST /tasks/reload-secrets still does", e.getMessage());
        }
    }
}
