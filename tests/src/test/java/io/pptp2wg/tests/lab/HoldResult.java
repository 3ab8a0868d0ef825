package io.pptp2wg.tests.lab;

/** The hold step: sessions still up at its end out of those up at its start; released by the host or not. */
public record HoldResult(int alive, int of, boolean released, double seconds) {
    public boolean allAlive() {
        return alive == of;
    }
}
