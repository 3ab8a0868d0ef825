package io.pptp2wg.gateway;

import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;

/** Makes the PPP server link of each call (the ppp module's {@code PppLinks::server}). */
@FunctionalInterface
public interface PppLinkFactory {
    PppLink create(PppLinkConfig config);
}
