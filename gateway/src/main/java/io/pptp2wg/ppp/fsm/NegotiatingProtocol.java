package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/** The part of {@link FsmCallbacks} that every control protocol hands to its {@link OptionNegotiator}. */
public abstract class NegotiatingProtocol implements FsmCallbacks {
    protected final OptionNegotiator negotiator;

    protected NegotiatingProtocol(OptionNegotiator negotiator) {
        this.negotiator = negotiator;
    }

    public OptionNegotiator negotiator() {
        return negotiator;
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
