package io.pptp2wg.ppp.fsm;

import io.pptp2wg.config.ppp.FsmLimits;

import java.nio.ByteBuffer;

/**
 * What every control protocol (LCP, IPCP, CCP) shares: its RFC 1661 automaton, and the part of
 * {@link FsmCallbacks} that it hands to its {@link OptionNegotiator}.
 */
public abstract class NegotiatingProtocol implements FsmCallbacks {
    protected final OptionNegotiator negotiator;
    protected final Fsm fsm;

    /** {@code name}: pppd's ("LCP"); {@code firstId}: the first Identifier (random, RFC 1661 §5). */
    protected NegotiatingProtocol(OptionNegotiator negotiator, String name, int protocol, FsmLimits limits, FsmIo io,
                                  int maxPacket, int firstId) {
        this.negotiator = negotiator;
        // the automaton calls back only when driven, never while this object is being built
        this.fsm = new Fsm(name, protocol, limits, this, io, maxPacket, firstId);
    }

    public OptionNegotiator negotiator() {
        return negotiator;
    }

    public Fsm fsm() {
        return fsm;
    }

    public FsmState state() {
        return fsm.state();
    }

    public boolean isOpened() {
        return fsm.state() == FsmState.OPENED;
    }

    @Override
    public void resetRequest() {
        negotiator.resetRequest();
    }

    @Override
    public void writeRequest(ByteBuffer out) {
        negotiator.writeRequest(out);
    }

    @Override
    public boolean ackReceived(ByteBuffer options) {
        return negotiator.ackReceived(options);
    }

    @Override
    public boolean nakReceived(ByteBuffer options, boolean treatAsReject) {
        return negotiator.nakReceived(options, treatAsReject);
    }

    @Override
    public boolean rejectReceived(ByteBuffer options) {
        return negotiator.rejectReceived(options);
    }

    @Override
    public ConfigVerdict checkRequest(ByteBuffer options, boolean rejectIfDisagree, ByteBuffer response) {
        return negotiator.checkRequest(options, rejectIfDisagree, response);
    }

    @Override
    public void requestAcked(ByteBuffer options) {
        negotiator.requestAcked(options);
    }
}
