package io.pptp2wg.ppp.fsm;

import java.util.List;

/** One cell of the RFC 1661 §4.1 state transition table: the actions, in order, and the next state. */
public record FsmTransition(List<FsmAction> actions, FsmState next) {
    public FsmTransition {
        actions = List.copyOf(actions);
    }

    static FsmTransition to(FsmState next, FsmAction... actions) {
        return new FsmTransition(List.of(actions), next);
    }
}
