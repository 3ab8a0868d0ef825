package io.pptp2wg.tests.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One scenario of a {@link PptpClientVm}: N sessions of real pppd + pptp-linux, brought up with the
 * given options, then optional ping, iperf3 and hold steps, then a clean teardown (pppd's LCP
 * Terminate, pptp's Call-Clear-Request). A VM runs its scenarios one after the other in one boot.
 * Defaults: user test/test, one session, MS-CHAPv2 + MPPE-128, pptpd's name "pptpd", 30 s to come up.
 *
 * <pre>{@code
 * ClientScenario.named("stateful").pppd(PppdOptions.mschapV2Mppe128().mppeStateful()).ping(20)
 * ClientScenario.named("badpass").password("wrong")
 * ClientScenario.named("twenty").sessions(20).control(Control.SHARED).ping(5)
 * ClientScenario.named("reap").holdUntilReleased(120)     // then PptpClientVm.kill() or release()
 * }</pre>
 */
public final class ClientScenario {
    /** How sessions map onto PPTP control connections. */
    public enum Control {
        /** One session: pptp's default. */
        SINGLE,
        /** Each session binds its own source address (pptp --localbind): its own control connection. */
        PER_SESSION,
        /** pptp-linux's one call manager carries every call on ONE control connection (RFC 2637 allows it). */
        SHARED;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Direction of an iperf3 run: fwd = client to server, rev = server to client (-R). */
    public enum Direction { FWD, REV }

    private final String name;
    private final GuestConfig keys = new GuestConfig();
    private int sessions = 1;
    private int upTimeout = 30;
    private int ping;
    private double pingInterval = 0.2;
    private int iperf;
    private int iperfDirections = 1;
    private int hold;
    private int dhcpInform;
    private boolean selfService;

    private ClientScenario(String name) {
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("scenario name must be 1-32 of [a-z0-9_-]: " + name);
        }
        this.name = name;
        keys.set("name", name);
    }

    public static ClientScenario named(String name) {
        return new ClientScenario(name);
    }

    public String name() {
        return name;
    }

    public ClientScenario user(String user, String password) {
        keys.set("user", user);
        keys.set("pass", password);
        return this;
    }

    /**
     * One user per session: session i (0-based) logs in as {@code String.format(userFormat, i + 1)} with
     * {@code String.format(passwordFormat, i + 1)}, e.g. {@code users("user%02d", "pass%02d")}: user01..user20
     * from one VM. The formats take one integer (printf in the guest).
     */
    public ClientScenario users(String userFormat, String passwordFormat) {
        for (String f : new String[] {userFormat, passwordFormat}) {
            String sample = String.format(java.util.Locale.ROOT, f, 1);
            if (!sample.matches("[A-Za-z0-9._@-]{1,64}") || f.chars().filter(c -> c == '%').count() != 1
                    || !f.matches("[^%]*%0?\\d*d[^%]*")) {
                throw new IllegalArgumentException("a user or password format with one %d (e.g. user%02d): " + f);
            }
        }
        keys.set("user_fmt", userFormat);
        keys.set("pass_fmt", passwordFormat);
        return this;
    }

    public ClientScenario password(String password) {
        keys.set("pass", password);
        return this;
    }

    /** Concurrent sessions (ppp0..pppN-1); above one they default to {@link Control#PER_SESSION}. */
    public ClientScenario sessions(int n) {
        if (n < 1 || n > 150) {
            throw new IllegalArgumentException("sessions must be 1..150: " + n);
        }
        sessions = n;
        keys.set("sessions", n);
        return this;
    }

    public ClientScenario control(Control control) {
        keys.set("ctrl", control.key());
        return this;
    }

    /** First per-session source address of {@link Control#PER_SESSION} (default 192.0.2.100, +1 per session). */
    public ClientScenario bindBase(String address) {
        keys.set("bind_base", DocumentationAddresses.require("bind base", address));
        return this;
    }

    public ClientScenario pppd(PppdOptions options) {
        keys.set("pppopts", options.toString());
        keys.set("client_pap", options.auth() == ClientAuth.PAP ? 1 : 0);
        return this;
    }

    /** pppd options verbatim (see {@link PppdOptions} for the usual ones). */
    public ClientScenario pppdOptions(String options) {
        keys.set("pppopts", options);
        return this;
    }

    /** Also write the user's pap-secrets entry (needed to authenticate with PAP). */
    public ClientScenario papSecrets() {
        keys.set("client_pap", 1);
        return this;
    }

    /** Extra pptp options, e.g. {@code --nobuffer} or {@code --loglevel 2}. */
    public ClientScenario pptpOptions(String options) {
        keys.set("pptpopts", options);
        return this;
    }

    /** The server's name for chap-secrets lookups (pppd remotename; default "pptpd"). */
    public ClientScenario remoteName(String name) {
        keys.set("remotename", name);
        return this;
    }

    /** Seconds to wait for every session to come up (or its pppd to give up). */
    public ClientScenario upTimeout(int seconds) {
        upTimeout = seconds;
        keys.set("up_timeout", seconds);
        return this;
    }

    /** Seconds between session starts. */
    public ClientScenario stagger(double seconds) {
        keys.set("stagger", seconds);
        return this;
    }

    /** {@code count} pings (every 0.2 s) through every session to its peer's address, all sessions at once. */
    public ClientScenario ping(int count) {
        return ping(count, 0.2);
    }

    public ClientScenario ping(int count, double intervalSeconds) {
        ping = count;
        pingInterval = intervalSeconds;
        keys.set("ping", count);
        keys.set("ping_interval", intervalSeconds);
        return this;
    }

    /** Ping this address instead of each session's peer. */
    public ClientScenario pingTarget(String address) {
        keys.set("ping_target", DocumentationAddresses.require("ping target", address));
        return this;
    }

    public ClientScenario pingSize(int bytes) {
        keys.set("ping_size", bytes);
        return this;
    }

    /** Loss (percent) above which the guest counts the scenario as failed (default 0). */
    public ClientScenario pingMaxLoss(int percent) {
        keys.set("ping_maxloss", percent);
        return this;
    }

    /** iperf3 for {@code seconds} through session 0 (or all, see {@link #iperfAllSessions()}), in each direction. */
    public ClientScenario iperf(int seconds, Direction... directions) {
        iperf = seconds;
        Direction[] d = directions.length == 0 ? new Direction[] {Direction.FWD} : directions;
        iperfDirections = d.length;
        keys.set("iperf", seconds);
        keys.set("iperf_dirs", Arrays.stream(d).map(x -> x.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")));
        return this;
    }

    /** The iperf3 server's address (default: each session's peer). */
    public ClientScenario iperfTarget(String address) {
        keys.set("iperf_target", DocumentationAddresses.require("iperf target", address));
        return this;
    }

    /** First iperf3 server port (default 5201; session i uses port + i). */
    public ClientScenario iperfPort(int port) {
        keys.set("iperf_port", port);
        return this;
    }

    /** One iperf3 per session at the same time (ports 5201 + i). */
    public ClientScenario iperfAllSessions() {
        keys.set("iperf_all", 1);
        return this;
    }

    public ClientScenario iperfParallel(int streams) {
        keys.set("iperf_parallel", streams);
        return this;
    }

    public ClientScenario iperfOptions(String options) {
        keys.set("iperf_opts", options);
        return this;
    }

    /** Keep the sessions up for {@code seconds}, then check they still are. */
    public ClientScenario hold(int seconds) {
        hold = seconds;
        keys.set("hold", seconds);
        keys.set("hold_release", 0);
        return this;
    }

    /**
     * Keep the sessions up until the host calls {@link PptpClientVm#release(String)} (at most
     * {@code maxSeconds}); {@link PptpClientVm#awaitHolding(String, java.time.Duration)} says when they are.
     */
    public ClientScenario holdUntilReleased(int maxSeconds) {
        hold = maxSeconds;
        keys.set("hold", maxSeconds);
        keys.set("hold_release", 1);
        return this;
    }

    /**
     * With a hold: every session pings {@code target} every {@code intervalSeconds} all through the hold
     * ({@link SessionResult#holdPing()}: replies and the longest gap), e.g. while the host stops the backend.
     */
    public ClientScenario holdPing(String target, double intervalSeconds) {
        keys.set("hold_ping", DocumentationAddresses.require("hold ping target", target));
        keys.set("hold_ping_interval", intervalSeconds);
        return this;
    }

    /**
     * After the pings: session 0 broadcasts a DHCPINFORM as Windows does (from its tunnel address, port 68 to 67,
     * with socat) and reports what came back to port 68 within {@code waitSeconds}: {@link DhcpReply#of}.
     */
    public ClientScenario dhcpInform(int waitSeconds) {
        dhcpInform = waitSeconds;
        keys.set("dhcp_inform", waitSeconds);
        return this;
    }

    /**
     * After the pings: session 0 fetches the self-service page {@code http://<pageAddress>/} with busybox wget through
     * its tunnel, sends a forged confirmation naming {@code otherUser} (at {@code otherAddress}) without the page's
     * token, confirms with it, and downloads its configuration: {@code RESULT <scenario> selfsvc step=...} lines, the
     * file in hex ({@code step=file hex=...}).
     */
    public ClientScenario selfService(String pageAddress, String otherUser, String otherAddress) {
        selfService = true;
        keys.set("selfsvc", DocumentationAddresses.require("selfsvc", pageAddress));
        keys.set("selfsvc_other_user", otherUser);
        keys.set("selfsvc_other", DocumentationAddresses.require("selfsvc_other", otherAddress));
        return this;
    }

    /** Put every session's pppd log on the console even when nothing failed (first {@code max} sessions). */
    public ClientScenario showLog(int max) {
        keys.set("showlog", 1);
        keys.set("showlog_max", max);
        return this;
    }

    /** Any other guest key (see tests/vm/guest-init.sh), verbatim. */
    public ClientScenario set(String key, Object value) {
        keys.set(key, value);
        return this;
    }

    int sessions() {
        return sessions;
    }

    GuestConfig keys() {
        return keys;
    }

    /** Seconds this scenario may take at most in the guest (for the VM's lifetime). */
    int budgetSeconds() {
        int pingSecs = ping > 0 ? (int) Math.ceil(ping * 2 + 10 + ping * pingInterval) : 0;
        int iperfSecs = iperf > 0 ? iperfDirections * (iperf + 30) : 0;
        return upTimeout + 2 + pingSecs + iperfSecs + hold + dhcpInform + (selfService ? 60 : 0) + 10 + 15 + sessions / 2;
    }
}
