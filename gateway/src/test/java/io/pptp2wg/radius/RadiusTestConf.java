package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusClientConf;

/** {@link RadiusTesting#conf} for tests in other packages. */
public final class RadiusTestConf {
    private RadiusTestConf() {}

    public static RadiusClientConf conf(String secret, int servers, int timeoutSeconds, int retries) {
        return RadiusTesting.conf(secret, servers, timeoutSeconds, retries);
    }

    public static AccessRequestSpec msChapV2Login(String user) {
        return new AccessRequestSpec(user, RadiusTesting.clientMsChapV2(user, "test"), 3, java.util.Optional.empty());
    }
}
