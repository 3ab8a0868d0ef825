package io.pptp2wg.admin.core;

import io.dropwizard.lifecycle.Managed;
import io.pptp2wg.config.ConfigProblem;
import io.pptp2wg.config.DropInLoader;
import io.pptp2wg.config.DropInPaths;
import io.pptp2wg.config.secrets.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Picks up changes to chap-secrets, pap-secrets (or the UCI file) without a restart: polls their
 * modification time and size every {@link #POLL_SECONDS} seconds (editors that replace the file are
 * seen too, which a directory watch can miss), and on demand through the {@code reload-secrets} admin
 * task. A file with an error is not applied: the users stay as they were and the error is logged
 * with file and line. Listeners (the gateway) get each new user directory and decide per session;
 * the sessions of users who remain are never touched.
 */
public final class SecretsReloader implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsReloader.class);
    static final int POLL_SECONDS = 2;

    private final DropInPaths paths;
    private final List<Consumer<UserDirectory>> listeners = new CopyOnWriteArrayList<>();
    private volatile DropInSettings current;
    private volatile String fingerprint;
    private ScheduledExecutorService poller;

    public SecretsReloader(DropInPaths paths, DropInSettings initial) {
        this.paths = paths;
        this.current = initial;
        this.fingerprint = fingerprint();
    }

    public DropInSettings current() {
        return current;
    }

    public void addListener(Consumer<UserDirectory> listener) {
        listeners.add(listener);
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "secrets-reloader");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollOnce, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    void pollOnce() {
        try {
            String now = fingerprint();
            if (!Objects.equals(now, fingerprint)) {
                fingerprint = now;
                reload();
            }
        } catch (RuntimeException e) {
            LOG.error("secrets reload failed", e);
        }
    }

    /** Reads the user files again; returns what happened, one line per problem. */
    public synchronized String reload() {
        DropInLoader.Loaded loaded = DropInLoader.load(paths);
        if (loaded.problems().hasErrors()) {
            loaded.problems().errors().forEach(p -> LOG.error("secrets not reloaded: {}", p));
            return "not reloaded, the users stay as they were:\n" + String.join("\n",
                    loaded.problems().errors().stream().map(ConfigProblem::toString).toList());
        }
        UserDirectory users = loaded.settings().orElseThrow().users();
        // radiusclient.conf is read at start only (its secrets were read again here: zero them)
        loaded.settings().orElseThrow().radius().ifPresent(io.pptp2wg.config.radius.RadiusClientConf::destroy);
        DropInSettings old = current;
        current = new DropInSettings(old.gateway().withUsers(users), old.wireguard(), old.notes());
        LOG.info("secrets reloaded: {} users", users.userNames().size());
        listeners.forEach(l -> l.accept(users));
        return "reloaded: " + users.userNames().size() + " users";
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Path p : watched()) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                sb.append(p).append(':').append(a.lastModifiedTime().toMillis()).append(':').append(a.size())
                        .append(':').append(a.fileKey()).append(';');
            } catch (IOException e) {
                sb.append(p).append(":missing;");
            }
        }
        return sb.toString();
    }

    private List<Path> watched() {
        return paths.uci().isPresent()
                ? List.of(paths.uci().get(), paths.chapSecrets())
                : List.of(paths.chapSecrets(), paths.papSecrets());
    }
}
