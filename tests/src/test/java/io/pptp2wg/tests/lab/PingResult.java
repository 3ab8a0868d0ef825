package io.pptp2wg.tests.lab;

/** busybox ping through one session: {@code tx} sent, {@code rx} answered; round-trip ms ("min/avg/max"). */
public record PingResult(String target, int tx, int rx, int lossPercent, String rttMinAvgMax) {
    /** Every echo answered. */
    public boolean allAnswered() {
        return tx > 0 && rx == tx;
    }
}
