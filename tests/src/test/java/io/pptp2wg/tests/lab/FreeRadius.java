package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Debian's FreeRADIUS ({@code freeradius -f -X -d DIR}) inside a namespace, on a configuration written here: one
 * virtual server with the files, pap, chap and mschap modules (MPPE keys on), users with cleartext passwords, one
 * client (the gateway's address or network) and its secret. The system's own service is never touched.
 * {@code messageAuthenticator} adds Message-Authenticator to every reply (FreeRADIUS before 3.2.5 sends none
 * unless told, Debian 12 ships 3.2.1). Stopped on close.
 */
public final class FreeRadius implements AutoCloseable {
    private final Netns ns;
    private final Path dir;
    private final String address;
    private final int port;
    private LabProcess process;
    private Path log;

    private FreeRadius(Netns ns, Path dir, String address, int port) {
        this.ns = ns;
        this.dir = dir;
        this.address = address;
        this.port = port;
    }

    public static Builder builder(Netns ns) {
        return new Builder(ns);
    }

    public static final class Builder {
        private final Netns ns;
        private String address;
        private int port = 1812;
        private String client = "192.0.2.0/24";
        private String secret = "lab-radius-secret";
        private boolean messageAuthenticator = true;
        private boolean accounting;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, List<String>> replies = new LinkedHashMap<>();

        Builder(Netns ns) {
            this.ns = ns;
            this.address = ns.bridgeAddress();
        }

        public Builder listen(String address, int port) {
            this.address = address;
            this.port = port;
            return this;
        }

        public Builder client(String cidr, String secret) {
            this.client = cidr;
            this.secret = secret;
            return this;
        }

        /** A user with a cleartext password and reply attributes in FreeRADIUS's users-file syntax. */
        public Builder user(String name, String password, String... replyItems) {
            users.put(name, password);
            replies.put(name, List.of(replyItems));
            return this;
        }

        /** Also an accounting listener on the next port (1813), writing every record to {@link FreeRadius#detailFile()}. */
        public Builder accounting() {
            this.accounting = true;
            return this;
        }

        public Builder messageAuthenticator(boolean add) {
            this.messageAuthenticator = add;
            return this;
        }

        public FreeRadius start() {
            if (!Commands.onPath("freeradius")) {
                throw new AssertionError("freeradius is missing: run tools/setup.sh as root (tools/setup.d/40-radius.sh)");
            }
            Path dir = Lab.newDir(ns.name() + "-freeradius");
            try {
                Files.createDirectories(dir.resolve("log"));
                Files.createDirectories(dir.resolve("run"));
                Files.createDirectories(dir.resolve("radacct"));
                Files.writeString(dir.resolve("radiusd.conf"), radiusdConf(dir));
                Files.writeString(dir.resolve("users"), usersFile());
                GatewayProcess.Builder.checkAddresses("radiusd.conf", Files.readString(dir.resolve("radiusd.conf")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            FreeRadius r = new FreeRadius(ns, dir, address, port);
            ns.own(r);
            Cleanup.register(r);
            r.launch();
            return r;
        }

        private String usersFile() {
            StringBuilder sb = new StringBuilder();
            for (var u : users.entrySet()) {
                sb.append(u.getKey()).append(" Cleartext-Password := \"").append(u.getValue()).append("\"\n");
                List<String> items = replies.get(u.getKey());
                for (int i = 0; i < items.size(); i++) {
                    sb.append("\t").append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
                }
                sb.append("\n");
            }
            return sb.toString();
        }

        private String radiusdConf(Path dir) {
            String ma = messageAuthenticator ? "\n        update reply {\n            &Message-Authenticator := 0x00\n        }" : "";
            List<String> l = new ArrayList<>(List.of(
                    "prefix = /usr", "exec_prefix = /usr", "sysconfdir = /etc", "localstatedir = /var",
                    "sbindir = ${exec_prefix}/sbin", "logdir = " + dir.resolve("log"), "raddbdir = " + dir,
                    "radacctdir = " + dir.resolve("radacct"), "name = freeradius", "confdir = ${raddbdir}",
                    "modconfdir = ${confdir}/mods-config", "run_dir = " + dir.resolve("run"), "db_dir = " + dir,
                    "libdir = /usr/lib/freeradius", "pidfile = ${run_dir}/${name}.pid", "max_request_time = 30",
                    "cleanup_delay = 5", "max_requests = 1024", "hostname_lookups = no",
                    "log {\n    destination = stdout\n    auth = yes\n}",
                    "security {\n    allow_core_dumps = no\n    max_attributes = 200\n    reject_delay = 0\n    status_server = no\n}",
                    "thread pool {\n    start_servers = 1\n    max_servers = 4\n    min_spare_servers = 1\n"
                            + "    max_spare_servers = 2\n    max_requests_per_server = 0\n}",
                    "client gateway {\n    ipaddr = " + client + "\n    secret = \"" + secret + "\"\n}",
                    "modules {\n    pap {\n    }\n    chap {\n    }\n    mschap {\n        use_mppe = yes\n"
                            + "        require_encryption = yes\n        require_strong = yes\n    }\n"
                            + "    files {\n        filename = " + dir.resolve("users") + "\n    }\n"
                            + (accounting ? "    detail {\n        filename = " + dir.resolve("radacct").resolve("detail")
                            + "\n        escape_filenames = no\n        permissions = 0600\n        header = \"%t\"\n"
                            + "        locking = no\n    }\n" : "") + "}",
                    "server default {\n    listen {\n        type = auth\n        ipaddr = " + address + "\n        port = " + port
                            + "\n    }\n" + (accounting ? "    listen {\n        type = acct\n        ipaddr = " + address
                            + "\n        port = " + (port + 1) + "\n    }\n    accounting {\n        detail\n    }\n" : "")
                            + "    authorize {\n        files\n        mschap\n        chap\n        pap\n    }\n"
                            + "    authenticate {\n        Auth-Type PAP {\n            pap\n        }\n"
                            + "        Auth-Type CHAP {\n            chap\n        }\n"
                            + "        Auth-Type MS-CHAP {\n            mschap\n        }\n    }\n"
                            + "    post-auth {" + ma + "\n        Post-Auth-Type REJECT {" + ma.replace("\n        ", "\n            ")
                            + "\n        }\n    }\n}"));
            return String.join("\n", l) + "\n";
        }
    }

    private void launch() {
        process = ns.start("freeradius", "freeradius", "-f", "-X", "-d", dir.toString());
        log = process.log();
        if (!process.awaitLog(Pattern.compile("Ready to process requests"), Duration.ofSeconds(30))) {
            String tail = process.logTail(40);
            close();
            throw new LabException("FreeRADIUS did not start in 30 s:\n" + tail);
        }
    }

    /** Stops the server (by its PID); {@link #restart} brings it back on the same files. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
    }

    public void restart() {
        stop();
        launch();
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The debug log of the latest run (-X: every request and reply, test secrets only). */
    public String logText() {
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public Path dir() {
        return dir;
    }

    /** With {@link Builder#accounting()}: the detail file, one record per Accounting-Request. */
    public Path detailFile() {
        return dir.resolve("radacct").resolve("detail");
    }

    /** The detail file's records, each attribute name to its value (quotes removed), oldest first. */
    public List<Map<String, String>> detailRecords() {
        List<Map<String, String>> out = new ArrayList<>();
        String text;
        try {
            text = Files.exists(detailFile()) ? Files.readString(detailFile()) : "";
        } catch (IOException e) {
            return out;
        }
        Map<String, String> record = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                record = null;
                continue;
            }
            if (!line.startsWith("\t")) {
                record = new LinkedHashMap<>();
                out.add(record);
                continue;
            }
            int eq = line.indexOf(" = ");
            if (record != null && eq > 0) {
                record.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip().replaceAll("^\"|\"$", ""));
            }
        }
        return out;
    }

    @Override
    public void close() {
        stop();
        ns.disown(this);
    }

    @Override
    public String toString() {
        return "FreeRADIUS on " + address + ":" + port + " in " + ns.name() + " (" + dir + ")";
    }
}
