package io.pptp2wg.gateway;

import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ReconnectRule;
import io.pptp2wg.session.SessionInfo;

/**
 * Where one call's login stands with the gateway's login rules ({@link ConcurrentLogins}): counted under the per-user
 * limit or not, the verdict of the probe of an older session of its device, the login handed to the
 * {@link io.pptp2wg.session.LoginRecorder} and the address held while that record is written, and how the session
 * holds its address. Read and written on the call's loop, and by {@link ConcurrentLogins} for the call.
 */
final class CallLogin {
    /** How the session holds its tunnel address (set on the loop when IPCP is given it). */
    AddressAllocator.Holding holding = AddressAllocator.Holding.OWN;
    /** The user counted against the per-user limit once the login policy let the session in; null before. */
    String countedUser;
    /** Let in over the per-user limit as a probable reconnect: refused an address if the older session answers. */
    boolean overLimitUnlessReplacing;
    /** The outcome of the probe of an older session of this device, for the held network phase; null before. */
    ReconnectRule.Verdict probed;
    /** The login handed to the gateway's LoginRecorder (on the loop); null before. */
    SessionInfo recorded;
    /** The address assigned while the network phase waits for the login's record; null otherwise. */
    AddressAllocator.Result heldAddress;
}
