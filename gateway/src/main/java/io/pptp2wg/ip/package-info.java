/**
 * IP helpers every layer needs (the gateway's own replies to clients, the bridge's rewriting of relayed packets):
 * here, in the gateway module, because the dependencies point config ← gateway ← bridge.
 */
package io.pptp2wg.ip;
