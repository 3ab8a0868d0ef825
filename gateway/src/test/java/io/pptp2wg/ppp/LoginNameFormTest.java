package io.pptp2wg.ppp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.ppp.auth.ChapPacket;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.PppTraits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The name form of a login, read from CHAP Responses and PAP requests; and what the login policy sees of a device. */
class LoginNameFormTest {
    private static ByteBuffer chapResponse(String name) {
        return ChapPacket.challenge(2, 7, new byte[49], name);
    }

    private static ByteBuffer papRequest(String peerId, String password) {
        byte[] id = peerId.getBytes(StandardCharsets.UTF_8);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + id.length + 1 + pw.length);
        b.put((byte) 1).put((byte) 1).putShort((short) b.capacity()).put((byte) id.length).put(id)
                .put((byte) pw.length).put(pw);
        return b.flip();
    }

    @Test
    void plainAndDomainNames() {
        assertEquals(Optional.of(PppTraits.NameForm.PLAIN), LoginNameForm.of(PppProtocol.CHAP, chapResponse("alice")));
        assertEquals(Optional.of(new PppTraits.NameForm.Domain("OFFICE")),
                LoginNameForm.of(PppProtocol.CHAP, chapResponse("OFFICE\\alice")));
        assertEquals(Optional.of(new PppTraits.NameForm.Domain("HOME")),
                LoginNameForm.of(PppProtocol.PAP, papRequest("HOME\\bob", "secret")));
        assertEquals(Optional.of(new PppTraits.NameForm.Domain("EVIL")),
                LoginNameForm.of(PppProtocol.CHAP, chapResponse("E\u0000V\u0007IL\\x")), "control characters dropped");
    }

    @Test
    void otherCodesAndBrokenLengthsGiveNothing() {
        assertEquals(Optional.empty(), LoginNameForm.of(PppProtocol.CHAP, ChapPacket.challenge(1, 7, new byte[16], "x")));
        ByteBuffer lying = chapResponse("alice");
        lying.putShort(2, (short) 500);
        assertEquals(Optional.empty(), LoginNameForm.of(PppProtocol.CHAP, lying));
        ByteBuffer valueTooLong = chapResponse("alice");
        valueTooLong.put(4, (byte) 200);
        assertEquals(Optional.empty(), LoginNameForm.of(PppProtocol.CHAP, valueTooLong));
        ByteBuffer peerIdTooLong = papRequest("bob", "pw");
        peerIdTooLong.put(4, (byte) 200);
        assertEquals(Optional.empty(), LoginNameForm.of(PppProtocol.PAP, peerIdTooLong));
        assertEquals(Optional.empty(), LoginNameForm.of(PppProtocol.PAP, ByteBuffer.allocate(3)));
    }

    @Test
    void hostilePacketsNeverEscape() {
        Random r = new Random(1994);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 4 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 1 : 2);
                b[2] = 0;
                b[3] = (byte) r.nextInt(b.length + 3);
            }
            ByteBuffer buf = ByteBuffer.wrap(b);
            LoginNameForm.of(r.nextBoolean() ? PppProtocol.CHAP : PppProtocol.PAP, buf);
            assertEquals(0, buf.position());
        }
    }

    /** A Windows-like peer: Identification right after LCP opens; the policy then sees the computer name. */
    @Test
    void theLoginPolicySeesTheIdentificationTextsAndTheNameForm() {
        List<ClientFingerprint> seen = new ArrayList<>();
        LoginPolicy policy = (user, client) -> {
            seen.add(client);
            return LoginPolicy.ALLOW;
        };
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                TestConfig.mppe128(io.pptp2wg.config.ppp.StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), policy, new TestAddresses(1), 5), new TestPppClient.Settings(), 5);
        w.server.start(w.now, w.out);
        w.server.receiveFrame(lcpIdentification(1, "MSRASV5.20"), w.now, w.out);
        w.server.receiveFrame(lcpIdentification(2, "MSRAS-0-LAPTOP1"), w.now, w.out);
        w.client.start();
        w.pump();
        assertTrue(w.server.isNetworkOpen());
        assertEquals(1, seen.size());
        PppTraits traits = seen.get(0).ppp();
        assertEquals(List.of("MSRASV5.20", "MSRAS-0-LAPTOP1"), traits.identifications());
        assertEquals(PppTraits.NameForm.PLAIN, traits.nameForm());
        assertEquals(traits, w.server.peerTraits());
        assertEquals("client", seen.get(0).hostName(), "the SCCRQ part is kept");
    }

    /** An LCP Identification frame with Address/Control and the LCP protocol field. */
    static ByteBuffer lcpIdentification(int id, String text) {
        byte[] m = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 4 + m.length);
        b.put((byte) 0xff).put((byte) 0x03).putShort((short) PppProtocol.LCP)
                .put((byte) 12).put((byte) id).putShort((short) (8 + m.length)).putInt(0x5eed5eed).put(m);
        return b.flip();
    }
}
