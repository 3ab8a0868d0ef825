package io.pptp2wg.tests.lab;

import java.util.HexFormat;
import java.util.Optional;

/**
 * What a scenario's {@link ClientScenario#dhcpInform DHCPINFORM} got back: the UDP payload that reached the
 * client's port 68 (empty: no answer), and the tunnel address it was sent from.
 */
public record DhcpReply(String from, int sent, byte[] payload) {
    public boolean answered() {
        return payload.length > 0;
    }

    /** The scenario's {@code RESULT <sc> dhcp} line, if it ran. */
    public static Optional<DhcpReply> of(ClientRun run, String scenario) {
        return run.resultLines().stream().map(ResultLine::parse).flatMap(Optional::stream)
                .filter(r -> r.tag().equals("RESULT") && r.words().size() > 1 && r.word(0).equals(scenario)
                        && r.word(1).equals("dhcp"))
                .findFirst()
                .map(r -> new DhcpReply(r.get("from"), r.getInt("sent", 0), HexFormat.of().parseHex(r.get("hex"))));
    }
}
