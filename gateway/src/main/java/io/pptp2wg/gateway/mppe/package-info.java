/**
 * MPPE's edge: {@link io.pptp2wg.gateway.mppe.OpenSslRc4}, OpenSSL's RC4 through the foreign function API, loaded,
 * checked against RFC 6229 and logged here, then handed to the {@code io.pptp2wg.mppe} core at start-up.
 */
package io.pptp2wg.gateway.mppe;
