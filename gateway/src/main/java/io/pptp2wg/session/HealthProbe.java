package io.pptp2wg.session;

/**
 * One piece of real state that the admin API's health check reports (the PPTP listener, the GRE
 * socket, the backend handshake age in shared mode). The gateway and the bridge implement it without
 * depending on Dropwizard. Must be cheap and must not block: it answers from state already at hand.
 */
public interface HealthProbe {
    record Status(boolean healthy, String message) {
        public static Status healthy(String message) {
            return new Status(true, message);
        }

        public static Status unhealthy(String message) {
            return new Status(false, message);
        }
    }

    /** The health check's name, e.g. {@code pptp-listener}. */
    String name();

    Status check();
}
