/**
 * The lab: real peers for interop tests, each an {@link java.lang.AutoCloseable} that cleans up in
 * {@code close()} (a JVM shutdown hook closes whatever a test forgot; long-lived children die with a
 * SIGKILLed JVM), every wait bounded.
 * <ul>
 *   <li>{@link io.pptp2wg.tests.lab.Netns}: a network namespace per test, bridge {@code br0} at
 *       192.0.2.1/24 (where the gateway listens), no default route, documentation addresses only;
 *       {@code exec}/{@code start} commands inside, {@code linkTo} another namespace (veth),
 *       {@code call} runs Java code whose sockets live inside (for an in-JVM load generator).</li>
 *   <li>{@link io.pptp2wg.tests.lab.PptpClientVm}: Debian's pppd 2.4.9 + pptp-linux 1.10 in a qemu VM on
 *       the bridge, running {@link io.pptp2wg.tests.lab.ClientScenario}s in one boot; results as records
 *       ({@link io.pptp2wg.tests.lab.ClientRun}, {@link io.pptp2wg.tests.lab.SessionResult}); can hold
 *       sessions for the host, be released, or be killed without a goodbye.</li>
 *   <li>{@link io.pptp2wg.tests.lab.ReferencePptpdVm}: pptpd 1.4.0 in a VM, the legacy server.</li>
 *   <li>{@link io.pptp2wg.tests.lab.GatewayProcess}: {@code java -jar pptp2wg.jar server config.yml}
 *       inside a namespace, on files it writes; health, HTTP via curl, stop/kill/restart, CPU and RSS.</li>
 *   <li>{@link io.pptp2wg.tests.lab.WireGuardBackend}: Debian's wireguard-go + wg in its own namespace,
 *       plugged into a lab bridge by a veth ({@link io.pptp2wg.tests.lab.Netns#plugIntoBridge}): the backend
 *       (tunnel address, addresses "behind" it on lo with iperf3 servers, a route for the PPTP pool), peers
 *       added with {@code wg addconf} before their first handshake, {@code dump()} as records, stop/start by
 *       PID keeping key and peers, UDP buffers forced as wireguard-go never sets them; built from a wg-quick
 *       file ({@code wgQuick(Config)}) it is a user's native client instead.</li>
 *   <li>{@link io.pptp2wg.tests.lab.PostgresServer}: a PostgreSQL server of the test's own (Debian's binaries,
 *       {@code tools/private-postgres.sh}) in a namespace, on a documentation address, for the gateways of a fleet
 *       in other namespaces; stop/start (an outage) without touching the machine's shared server.</li>
 *   <li>{@link io.pptp2wg.tests.lab.Capture} and {@link io.pptp2wg.tests.lab.Tshark}: tcpdump inside a
 *       namespace, tshark's verdict (malformed frames, expert errors, protocols seen).</li>
 *   <li>{@link io.pptp2wg.tests.lab.RealPeerTest}: put it on every such test class and name the class
 *       {@code *IT} (failsafe, {@code mvn verify}); skipped without root, failed with the fix named
 *       when root lacks what tools/setup.sh installs.</li>
 * </ul>
 * A typical gateway interop test (one client boot for several scenarios: boots are the slow part):
 * <pre>{@code
 * @RealPeerTest(gateway = true)
 * class MppeModesIT {
 *     @Test
 *     void statelessStatefulAndFortyBit() {
 *         try (Netns ns = Netns.create();
 *              GatewayProcess gw = GatewayProcess.builder(ns).user("test", "test")
 *                      .addOptions("mppe-stateful").preferStatefulMppe(true).start();
 *              Capture cap = Capture.start(ns, Netns.BRIDGE, "tcp port 1723 or ip proto 47")) {
 *             ClientRun run = PptpClientVm.builder(ns)                      // server: 192.0.2.1
 *                     .scenario(ClientScenario.named("stateful")
 *                             .pppd(PppdOptions.mschapV2Mppe128().mppeStateful()).ping(20))
 *                     .scenario(ClientScenario.named("badpass").password("wrong"))
 *                     .scenario(ClientScenario.named("twenty").sessions(20).ping(5))
 *                     .run();                                               // boot, run, power off
 *             SessionResult s = run.scenario("stateful").session(0);
 *             assertThat(s.up()).as(run.describe()).isTrue();
 *             assertThat(s.mppe()).isEqualTo("128-bit stateful");
 *             assertThat(s.ping().orElseThrow().rx()).isEqualTo(20);
 *             assertThat(run.scenario("badpass").session(0).downReason()).contains("E=691");
 *             assertThat(run.scenario("twenty").allPingsAnswered()).as(run.describe()).isTrue();
 *             TsharkReport t = Tshark.check(cap.stop());
 *             assertThat(t.clean()).as(t.describe()).isTrue();
 *             assertThat(gw.logText()).contains("...");                     // the gateway's own record
 *         }
 *     }
 * }
 * }</pre>
 * Acting while sessions are up (issue 6's API checks, issue 3's dead-peer reaping):
 * <pre>{@code
 * try (PptpClientVm vm = PptpClientVm.builder(ns)
 *         .scenario(ClientScenario.named("held").holdUntilReleased(120)).start()) {
 *     ClientRun up = vm.awaitHolding("held", Duration.ofSeconds(90));       // sessions up now
 *     HttpResponse sessions = gw.http("GET", "/api/sessions", null);
 *     vm.kill();            // or vm.release("held") for a clean LCP Terminate + Call-Clear-Request
 * }
 * }</pre>
 * Files: console logs, pcaps and gateway logs stay in {@code tests/target/lab/run-<pid>/}; failure
 * messages name them ({@code run.describe()}, {@code vm.describe()}). Run one IT:
 * {@code mvn -B -ntp -pl tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ReferencePptpdIT}.
 */
package io.pptp2wg.tests.lab;
