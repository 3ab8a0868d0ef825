package io.pptp2wg.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzz target (Jazzer) for the DHCPINFORM responder (RFC 2131 §4.3.5) that answers Windows
 * clients on the PPP link: raw bytes, or (as the last input byte says) a BOOTP message
 * the fuzzer writes inside IPv4/UDP headers with right checksums.
 * Contract: nothing throws and the buffer is not moved; an answer stays within the maximum size, carries
 * routes that decode, and is itself a well-formed DHCPACK (which the parser refuses as not a request).
 * {@code mvn verify} replays {@code DhcpResponderFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class DhcpResponderFuzzTest {
    static final DhcpResponder RESPONDER = new DhcpResponder(new DhcpSettings(true, DhcpResponderTest.ROUTES,
            List.of(1, 2), List.of(3), Optional.of("example.org"), 1400), InformPackets.LOCAL);

    @FuzzTest
    void informPackets(FuzzedDataProvider data) {
        boolean plausible = data.consumeBoolean();
        boolean broadcast = data.consumeBoolean();
        byte[] b = data.consumeRemainingAsBytes();
        if (plausible) { // reach the parser: the bytes as the BOOTP message, in IPv4/UDP with right checksums
            b = InformPackets.packet(InformPackets.CLIENT, broadcast ? -1 : InformPackets.LOCAL, Dhcp.CLIENT_PORT, b);
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        byte[] out = new byte[4096];
        if (!RESPONDER.isForServer(in)) {
            assertEquals(0, in.position());
            return;
        }
        switch (RESPONDER.answer(in, InformPackets.CLIENT, out)) {
            case DhcpResponder.Answered a -> {
                assertTrue(a.length() <= 1400 && a.length() >= 28 + Dhcp.MIN_BOOTP_LENGTH, "" + a.length());
                var routes = InformPackets.options(out, a.length()).get(Dhcp.OPTION_MS_CLASSLESS_STATIC_ROUTES);
                assertTrue(routes == null || ClasslessRoutes.decode(ByteBuffer.wrap(routes)) != null);
                var parsed = DhcpRequest.parse(ByteBuffer.wrap(out, 28, a.length() - 28).slice());
                assertTrue(parsed instanceof DhcpRequest.Malformed m && m.reason() == DhcpMalformed.NOT_A_REQUEST);
            }
            case DhcpResponder.Ignored x -> { }
            case DhcpResponder.Refused r -> assertTrue(r.reason() != null);
        }
        assertEquals(0, in.position());
        assertEquals(b.length, in.limit());
    }
}
