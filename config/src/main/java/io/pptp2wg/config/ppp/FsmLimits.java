package io.pptp2wg.config.ppp;

/**
 * The restart timer and counters of one RFC 1661 option-negotiation automaton (§4.6), from
 * {@code lcp-restart}, {@code lcp-max-configure}... with pppd's defaults, which are the RFC's.
 */
public record FsmLimits(int restartSeconds, int maxConfigure, int maxTerminate, int maxFailure) {
    /** RFC 1661 §4.6: Restart timer 3 s, Max-Terminate 2, Max-Configure 10, Max-Failure 5. */
    public static final FsmLimits RFC1661_DEFAULTS = new FsmLimits(3, 10, 2, 5);

    public FsmLimits withRestartSeconds(int v) {
        return new FsmLimits(v, maxConfigure, maxTerminate, maxFailure);
    }

    public FsmLimits withMaxConfigure(int v) {
        return new FsmLimits(restartSeconds, v, maxTerminate, maxFailure);
    }

    public FsmLimits withMaxTerminate(int v) {
        return new FsmLimits(restartSeconds, maxConfigure, v, maxFailure);
    }

    public FsmLimits withMaxFailure(int v) {
        return new FsmLimits(restartSeconds, maxConfigure, maxTerminate, v);
    }
}
