package io.pptp2wg.admin.testing;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.auth.ApiToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An old pptpd host's files and a config.yml in a temporary directory: users, a remoteip pool in
 * 192.0.2.0/24, a backend at 198.51.100.1, the gateway seen by the backend as 203.0.113.254.
 */
public final class Fixture {
    public static final String TOKEN = "test-token-for-ops";
    public static final String OTHER_TOKEN = "test-token-for-auditor";
    public static final String GATEWAY_ENDPOINT = "203.0.113.254";
    public static final String BACKEND_ENDPOINT = "198.51.100.1:51820";
    public static final String GLOBAL_SUNSET = "2099-01-01";
    /** Users with a pool address; bob has the fixed address 192.0.2.20. */
    public static final List<String> POOL_USERS = List.of("alice", "carol", "dave", "erin", "frank", "grace",
            "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor",
            "walter", "xavier", "yvonne");
    public static final String FIXED_USER = "bob";
    public static final String FIXED_ADDRESS = "192.0.2.20";

    public final Path dir;
    public final Path config;
    /** floods.apiTokenFailures in the tests' config.yml. */
    public static final int API_TOKEN_FAILURES = 40;
    public final KeyPair backend = new KeyPair();
    public final Optional<Postgres> postgres;

    /** A PostgreSQL schema of its own for one test class. */
    public record Postgres(String url, String user, String password, String schema) {
        public static Postgres fromEnvironment() {
            String url = env("PPTP2WG_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/pptp2wg_test");
            String schema = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            return new Postgres(url, env("PPTP2WG_TEST_POSTGRES_USER", "pptp2wg_test"),
                    env("PPTP2WG_TEST_POSTGRES_PASSWORD", "pptp2wg_test"), schema);
        }

        public String urlWithSchema() {
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        /** Creates the schema; false when the server cannot be reached. */
        public boolean create() {
            try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                return true;
            } catch (SQLException e) {
                System.err.println("PostgreSQL at " + url + " unavailable: " + e.getMessage());
                return false;
            }
        }

        public void drop() {
            try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("cannot drop schema " + schema + ": " + e.getMessage());
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The RADIUS server's secret in {@link #radius} fixtures' servers file (a test secret). */
    public static final String RADIUS_SECRET = "fixture-radius-secret";

    private Fixture(Optional<Postgres> postgres, String mode) {
        this(postgres, mode, false);
    }

    private Fixture(Optional<Postgres> postgres, String mode, boolean radius) {
        this.postgres = postgres;
        try {
            dir = Files.createTempDirectory("pptp2wg-admin-test");
            write("options.pptpd", """
                    name pptpd
                    refuse-pap
                    refuse-chap
                    refuse-mschap
                    require-mschap-v2
                    require-mppe-128
                    ms-dns 192.0.2.53
                    """ + (radius ? "plugin radius.so\nradius-config-file " + dir.resolve("radiusclient.conf") + "\n" : ""));
            if (radius) {
                write("servers", "127.0.0.1 " + RADIUS_SECRET + "\n");
                write("radiusclient.conf", "authserver 127.0.0.1:1812\nservers " + dir.resolve("servers")
                        + "\nradius_timeout 1\nradius_retries 1\n");
            }
            write("pptpd.conf", "option " + dir.resolve("options.pptpd") + "\n"
                    + "listen 127.0.0.1\nconnections 100\nlocalip 192.0.2.1\nremoteip 192.0.2.100-149\n");
            StringBuilder chap = new StringBuilder("# client server secret addresses\n");
            for (String u : POOL_USERS) {
                chap.append(u).append(" pptpd \"").append(u).append("-pw\" *\n");
            }
            chap.append(FIXED_USER).append(" pptpd \"bob-pw\" ").append(FIXED_ADDRESS).append('\n');
            write("chap-secrets", chap.toString());
            write("pap-secrets", "");
            write("wg.conf", "[Interface]\nPrivateKey = " + new KeyPair().getPrivateKey().toBase64()
                    + "\nListenPort = 51821\n\n[Peer]\nPublicKey = " + backend.getPublicKey().toBase64()
                    + "\nEndpoint = " + BACKEND_ENDPOINT + "\nAllowedIPs = 203.0.113.0/24\nPersistentKeepalive = 25\n");
            StringBuilder yml = new StringBuilder();
            yml.append("pptpd:\n  conf: ").append(dir.resolve("pptpd.conf"))
                    .append("\n  chapSecrets: ").append(dir.resolve("chap-secrets"))
                    .append("\n  papSecrets: ").append(dir.resolve("pap-secrets"))
                    .append("\nwireguard:\n  config: ").append(dir.resolve("wg.conf"))
                    .append("\n  mode: ").append(mode)
                    .append("\ndataDir: ").append(dir.resolve("data"))
                    .append("\napi:\n  tokens:\n")
                    .append("    - name: ops\n      sha256: ").append(ApiToken.sha256Hex(TOKEN)).append('\n')
                    .append("    - name: auditor\n      sha256: ").append(ApiToken.sha256Hex(OTHER_TOKEN).toUpperCase()).append('\n')
                    .append("migration:\n  activeDays: 30\n  sunsetDate: ").append(GLOBAL_SUNSET)
                    .append("\n  gatewayEndpoints: [").append(GATEWAY_ENDPOINT).append("]\n")
                    .append("  sunsetMessage: \"PPTP for {user} ended on {date}: install WireGuard, see https://vpn.example/wg\"\n")
                    .append("storage:\n  eventQueueCapacity: 1024\n")
                    // the tests' wrong tokens all come from 127.0.0.1; ApiContract trips the limit from 127.0.0.2
                    .append("floods:\n  apiTokenFailures: ").append(API_TOKEN_FAILURES).append('\n')
                    .append("guessing:\n  sourceFailures: 3\n  userFailures: 5\n  initialBackoff: 30s\n");
            postgres.ifPresent(p -> yml.append("database:\n  driverClass: org.postgresql.Driver\n  url: ")
                    .append(p.urlWithSchema()).append("\n  user: ").append(p.user())
                    .append("\n  password: ").append(p.password()).append('\n'));
            yml.append("""
                    server:
                      applicationConnectors:
                        - type: http
                          bindHost: 127.0.0.1
                          port: 0
                      adminConnectors:
                        - type: http
                          bindHost: 127.0.0.1
                          port: 0
                      requestLog:
                        appenders: []
                    logging:
                      level: WARN
                      loggers:
                        io.pptp2wg: INFO
                    """);
            config = write("config.yml", yml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Fixture h2() {
        return new Fixture(Optional.empty(), "per-user");
    }

    public static Fixture postgres(Postgres p) {
        return new Fixture(Optional.of(p), "per-user");
    }

    /** The same host with {@code plugin radius.so} in its options file: chap-secrets names no user then. */
    public static Fixture radius(Optional<Postgres> p) {
        return new Fixture(p, "per-user", true);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Rewrites config.yml (before the application reads it). */
    public Fixture editConfig(java.util.function.UnaryOperator<String> edit) {
        try {
            Files.writeString(config, edit.apply(Files.readString(config)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a console administrator (api.admins) with the bcrypt of the password. */
    public Fixture withConsoleAdmin(String name, String password) {
        byte[] salt = new byte[16];
        ThreadLocalRandom.current().nextBytes(salt);
        String hash = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 10);
        return editConfig(y -> y.replace("\nmigration:\n", "\n  admins:\n    - name: " + name + "\n      bcrypt: '" + hash
                + "'\nmigration:\n"));
    }

    public Path path(String name) {
        return dir.resolve(name);
    }
}
