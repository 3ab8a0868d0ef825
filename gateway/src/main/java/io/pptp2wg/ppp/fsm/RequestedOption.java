package io.pptp2wg.ppp.fsm;

/**
 * An option we may ask for: whether our next Configure-Request carries it, and a Configure-Reject of it that makes us
 * stop asking (RFC 1661 §5.4), unless the handler cannot do without it and says so in its own {@link #rejected()}.
 */
public abstract class RequestedOption implements OptionHandler {
    /** Whether our next Configure-Request carries the option; {@link #resetOurs()} sets it from the configuration. */
    protected boolean requesting;

    @Override
    public final boolean requesting() {
        return requesting;
    }

    @Override
    public void rejected() {
        requesting = false;
    }
}
