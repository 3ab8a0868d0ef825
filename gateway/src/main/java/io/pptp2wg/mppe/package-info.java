/**
 * MPPE (RFC 3078) and its key derivation (RFC 3079): {@link io.pptp2wg.mppe.MppeKeys} (the RFC's
 * functions), {@link io.pptp2wg.mppe.MppeKeyMaterial} (what MS-CHAP leaves for CCP),
 * {@link io.pptp2wg.mppe.MppeEncryptor} and {@link io.pptp2wg.mppe.MppeDecryptor} (one direction
 * each, in place, no allocation per packet), {@link io.pptp2wg.mppe.Rc4} (the JDK's RC4, or OpenSSL's that the
 * edge {@code io.pptp2wg.gateway.mppe.OpenSslRc4} installs through {@link io.pptp2wg.mppe.Rc4Choice}, rekeyed in place). Behaviour follows Linux's ppp_mppe, which the real clients run.
 */
package io.pptp2wg.mppe;
