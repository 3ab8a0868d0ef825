package io.pptp2wg.ppp.lcp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.ppp.fsm.ControlCode;
import io.pptp2wg.ppp.fsm.Deadlines;
import io.pptp2wg.ppp.fsm.ExtendedCode;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.fsm.NegotiatingProtocol;
import io.pptp2wg.ppp.fsm.OptionNegotiator;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * LCP (RFC 1661 §5, §6) on the shared automaton: options MRU, ACCM, Authentication-Protocol,
 * Magic-Number, PFC and ACFC (everything else Rejected); Protocol-Reject, Echo, Discard,
 * Identification; and the {@code lcp-echo-interval}/{@code lcp-echo-failure} keepalive.
 */
public final class Lcp extends NegotiatingProtocol {
    /** What LCP tells the link. */
    public interface Listener {
        /** LCP reached Opened: authentication (or the network phase) may start. */
        void lcpUp();

        /** LCP left Opened. */
        void lcpDown();

        /** LCP is finished (Closed or Stopped): the link is over. */
        void lcpFinished();

        /** The peer Protocol-Rejected one of our protocols. */
        void protocolRejected(int protocol);

        /** The keepalive gave up on the peer. */
        void peerDead(String reason);

        /** Negotiation cannot succeed (for example, no acceptable authentication method). */
        void negotiationFailed(String reason);
    }

    /** RFC 1661 §5.8: Echo-Request/Reply and Discard-Request data start with a Magic-Number. */
    private static final int MAGIC_LENGTH = 4;
    /** RFC 1661 §5.7: Protocol-Reject data starts with the rejected Protocol. */
    private static final int REJECTED_PROTOCOL_LENGTH = 2;
    /** Longest peer Terminate-Request reason kept for the log. */
    private static final int MAX_REASON_LENGTH = 80;

    private final Listener listener;
    private final MruOption mru;
    private final AuthProtocolOption auth;
    private final MagicNumberOption magic;
    private final CompressionFlagOption pfc;
    private final CompressionFlagOption acfc;
    private final Identification identification = new Identification();
    private final long echoIntervalNanos;
    private final int echoFailure;
    private final byte[] echoData = new byte[MAGIC_LENGTH];
    private long now;
    private long echoDeadline = Long.MAX_VALUE;
    private int echoesPending;
    private String peerTerminateReason;
    private boolean failureReported;
    private long echoRepliesReceived;
    private long echoRequestsAnswered;
    private long looped;

    public Lcp(PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        this(options, random, listener, io, maxPacket, maxPacket);
    }

    /** @param largestFrameWeAccept our receive buffer, which caps the MRU we agree to */
    public Lcp(PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket, int largestFrameWeAccept) {
        this(options, AuthProtocolOption.authenticator(options.auth()), random, listener, io, maxPacket,
                largestFrameWeAccept);
    }

    /**
     * LCP in either role: {@code auth} is {@link AuthProtocolOption#authenticator} on the server (the
     * peer must authenticate with one of {@code options.auth()}) or {@link AuthProtocolOption#authenticatee}
     * on the client (we authenticate with one of them).
     */
    public Lcp(PppOptions options, AuthProtocolOption auth, Random random, Listener listener, FsmIo io, int maxPacket,
               int largestFrameWeAccept) {
        this(new Handlers(options, auth, random, largestFrameWeAccept), options, random, listener, io, maxPacket);
    }

    private record Handlers(MruOption mru, AccmOption accm, AuthProtocolOption auth, MagicNumberOption magic,
                            CompressionFlagOption pfc, CompressionFlagOption acfc) {
        Handlers(PppOptions o, AuthProtocolOption auth, Random r, int largest) {
            this(new MruOption(o.mru(), largest), new AccmOption(), auth,
                    new MagicNumberOption(r), CompressionFlagOption.protocolField(o.pfc()),
                    CompressionFlagOption.addressControlField(o.acfc()));
        }
    }

    private Lcp(Handlers h, PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        super(new OptionNegotiator(maxPacket, h.mru, h.accm, h.auth, h.magic, h.pfc, h.acfc),
                "LCP", PppProtocol.LCP, options.lcpLimits(), io, maxPacket, random.nextInt(256));
        this.mru = h.mru;
        this.auth = h.auth;
        this.magic = h.magic;
        this.pfc = h.pfc;
        this.acfc = h.acfc;
        this.listener = listener;
        this.echoIntervalNanos = TimeUnit.SECONDS.toNanos(Math.max(0, options.lcpEchoInterval()));
        this.echoFailure = Math.max(0, options.lcpEchoFailure());
    }

    /** Up and Open (RFC 1661 §4.3): we send the first Configure-Request at once. */
    public void start(long nowNanos) {
        now = nowNanos;
        fsm.up(nowNanos);
        fsm.open(nowNanos);
    }

    public void receive(ByteBuffer packet, long nowNanos) {
        now = nowNanos;
        fsm.receive(packet, nowNanos);
        checkFailure(nowNanos);
    }

    private void checkFailure(long nowNanos) {
        String failure = auth.failure();
        if (failure != null && !failureReported) {
            failureReported = true;
            listener.negotiationFailed(failure);
        }
    }

    public void poll(long nowNanos) {
        now = nowNanos;
        fsm.poll(nowNanos);
        if (nowNanos - echoDeadline >= 0 && echoDeadline != Long.MAX_VALUE) {
            keepalive(nowNanos);
        }
    }

    public long deadline() {
        return Deadlines.earliest(fsm.deadline(), echoDeadline);
    }

    public void close(String reason, long nowNanos) {
        now = nowNanos;
        echoDeadline = Long.MAX_VALUE;
        fsm.close(reason, nowNanos);
    }

    public void lowerDown(long nowNanos) {
        now = nowNanos;
        echoDeadline = Long.MAX_VALUE;
        fsm.down(nowNanos);
    }

    private void keepalive(long nowNanos) {
        if (echoFailure > 0 && echoesPending >= echoFailure) {
            echoDeadline = Long.MAX_VALUE;
            listener.peerDead("No response to " + echoesPending + " echo-requests");
            return;
        }
        ByteBuffer.wrap(echoData).putInt(0, magic.ours());
        fsm.sendPacket(ControlCode.ECHO_REQUEST, fsm.nextId(), ByteBuffer.wrap(echoData));
        echoesPending++;
        echoDeadline = nowNanos + echoIntervalNanos;
    }

    /** One Echo-Request now, outside the keepalive's count (its reply resets that count, as any reply does). */
    public void probe(long nowNanos) {
        now = nowNanos;
        if (!isOpened()) {
            return;
        }
        ByteBuffer.wrap(echoData).putInt(0, magic.ours());
        fsm.sendPacket(ControlCode.ECHO_REQUEST, fsm.nextId(), ByteBuffer.wrap(echoData));
    }

    /** RFC 1661 §5.7: tells the peer we do not speak a protocol; only while Opened. */
    public void sendProtocolReject(int protocol, ByteBuffer information) {
        if (!isOpened()) {
            return;
        }
        int room = Math.min(fsm.maxData(), mru.peerMru() - io.pptp2wg.ppp.PppFrame.MAX_HEADER_LENGTH - ControlCode.HEADER_LENGTH)
                - REJECTED_PROTOCOL_LENGTH;
        int n = Math.max(0, Math.min(room, information.remaining()));
        ByteBuffer data = ByteBuffer.allocate(REJECTED_PROTOCOL_LENGTH + n);
        data.putShort((short) protocol).put(information.duplicate().limit(information.position() + n)).flip();
        fsm.sendPacket(ControlCode.PROTOCOL_REJECT, fsm.nextId(), data);
    }

    @Override
    public void thisLayerUp() {
        echoesPending = 0;
        echoDeadline = echoIntervalNanos > 0 ? now + echoIntervalNanos : Long.MAX_VALUE;
        listener.lcpUp();
    }

    @Override
    public void thisLayerDown() {
        echoDeadline = Long.MAX_VALUE;
        listener.lcpDown();
    }

    @Override
    public void thisLayerStarted() {}

    @Override
    public void thisLayerFinished() {
        echoDeadline = Long.MAX_VALUE;
        listener.lcpFinished();
    }

    @Override
    public void terminateRequested(ByteBuffer reason) {
        StringBuilder sb = new StringBuilder();
        while (reason.hasRemaining() && sb.length() < MAX_REASON_LENGTH) {
            int c = reason.get() & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        peerTerminateReason = sb.toString();
    }

    /** The text of the peer's last Terminate-Request (printable ASCII, truncated), or null. */
    public String peerTerminateReason() {
        return peerTerminateReason;
    }

    @Override
    public ExtendedCode classify(int code, int id, ByteBuffer data) {
        return switch (code) {
            case ControlCode.PROTOCOL_REJECT -> {
                if (data.remaining() < REJECTED_PROTOCOL_LENGTH || !isOpened()) {
                    yield ExtendedCode.IGNORED;
                }
                int rejected = data.getShort(data.position()) & 0xffff;
                if (rejected == PppProtocol.LCP) {
                    yield ExtendedCode.RXJ_MINUS;
                }
                listener.protocolRejected(rejected);
                yield ExtendedCode.RXJ_PLUS;
            }
            case ControlCode.ECHO_REQUEST, ControlCode.ECHO_REPLY, ControlCode.DISCARD_REQUEST ->
                    data.remaining() >= MAGIC_LENGTH ? ExtendedCode.RXR : ExtendedCode.IGNORED;
            case ControlCode.IDENTIFICATION -> identification.receive(data) ? ExtendedCode.HANDLED : ExtendedCode.IGNORED;
            case ControlCode.TIME_REMAINING -> ExtendedCode.HANDLED;
            default -> ExtendedCode.UNKNOWN;
        };
    }

    @Override
    public void serve(int code, int id, ByteBuffer data) {
        int theirMagic = data.getInt(data.position());
        if (magic.ours() != 0 && theirMagic == magic.ours()) {
            looped++; // RFC 1661 §5.8: our own magic coming back means a looped-back link
            return;
        }
        if (code == ControlCode.ECHO_REQUEST) {
            int room = Math.min(fsm.maxData(), mru.peerMru() - io.pptp2wg.ppp.PppFrame.MAX_HEADER_LENGTH
                    - ControlCode.HEADER_LENGTH);
            ByteBuffer reply = ByteBuffer.allocate(Math.max(MAGIC_LENGTH, Math.min(room, data.remaining())));
            reply.putInt(magic.ours());
            ByteBuffer rest = data.duplicate().position(data.position() + MAGIC_LENGTH);
            rest.limit(rest.position() + Math.min(rest.remaining(), reply.remaining()));
            reply.put(rest).flip();
            fsm.sendPacket(ControlCode.ECHO_REPLY, id, reply);
            echoRequestsAnswered++;
        } else if (code == ControlCode.ECHO_REPLY) {
            echoRepliesReceived++;
            echoesPending = 0;
        }
    }

    /** The peer's Identification texts so far (RFC 1570 §2.3), cleaned and bounded. */
    public java.util.List<String> peerIdentifications() {
        return identification.texts();
    }

    public int peerMru() {
        return mru.peerMru();
    }

    /** Whether our frames to the peer may omit the Address and Control fields. */
    public boolean sendAcfc() {
        return acfc.peerAccepts();
    }

    /** Whether our frames to the peer may carry a one-octet Protocol field. */
    public boolean sendPfc() {
        return pfc.peerAccepts();
    }

    /** The authentication method agreed for the peer (meaningful once Opened), or null for none. */
    public AuthProtocol authMethod() {
        return auth.current();
    }

    /** The method the peer asked us to authenticate with (client role; meaningful once Opened), or null. */
    public AuthProtocol authenticateWith() {
        return auth.weAuthenticateWith();
    }

    public int ourMagic() {
        return magic.ours();
    }

    public long echoRepliesReceived() {
        return echoRepliesReceived;
    }

    public long echoRequestsAnswered() {
        return echoRequestsAnswered;
    }

    /** Signs of a looped-back link: our magic number in an Echo or in the peer's request. */
    public long loopbacksSuspected() {
        return looped + magic.loopbacksSuspected();
    }
}
