package io.pptp2wg.admin.metrics;

import io.pptp2wg.session.guard.LoginLimiter;

import java.util.List;
import java.util.function.Supplier;

import static io.pptp2wg.admin.metrics.PrometheusText.Family;
import static io.pptp2wg.admin.metrics.PrometheusText.Sample;
import static io.pptp2wg.admin.metrics.PrometheusText.labels;

/**
 * The guessing limits' counters, read at scrape time: {@code pptp2wg_guessing_lockouts_total{scope}} (lock-outs begun,
 * of an address or a user), {@code pptp2wg_guessing_refusals_total{scope}} (logins refused during one, password not
 * checked), {@code pptp2wg_guessing_forgotten_total} (addresses and users forgotten to keep memory bounded).
 */
public final class GuessingMetrics {
    private GuessingMetrics() {}

    public static Supplier<List<Family>> of(LoginLimiter limiter) {
        return () -> {
            LoginLimiter.Stats s = limiter.stats();
            return List.of(
                    new Family("pptp2wg_guessing_lockouts_total", "counter", "lock-outs begun by the guessing limits, by scope",
                            List.of(new Sample(labels("scope", "source"), s.sourceLockouts()),
                                    new Sample(labels("scope", "user"), s.userLockouts()))),
                    new Family("pptp2wg_guessing_refusals_total", "counter",
                            "logins refused during a lock-out (password not checked), by scope",
                            List.of(new Sample(labels("scope", "source"), s.sourceRefusals()),
                                    new Sample(labels("scope", "user"), s.userRefusals()))),
                    new Family("pptp2wg_guessing_forgotten_total", "counter",
                            "addresses and users the guessing limits forgot to stay within guessing.maxTracked",
                            List.of(Sample.of(s.forgotten()))));
        };
    }
}
