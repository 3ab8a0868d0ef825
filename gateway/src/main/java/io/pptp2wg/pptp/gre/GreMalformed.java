package io.pptp2wg.pptp.gre;

/** Why a GRE packet was refused before any call saw it; each is counted. */
public enum GreMalformed {
    /** Not even an IPv4 header (raw sockets deliver it), or IHL/total length out of range. */
    BAD_IP_HEADER,
    /** Fewer octets than the header its flags announce. */
    TRUNCATED,
    /** Ver is not 1 (enhanced GRE). */
    NOT_ENHANCED,
    /** Protocol Type is not PPP (0x880B). */
    NOT_PPP,
    /** K (key) clear, or C, R, s, Recur or Flags set (§4.1). */
    BAD_FLAGS,
    /** Payload Length longer than what arrived. */
    PAYLOAD_TRUNCATED,
    /** A payload without S (§4.1: data packets carry a sequence number). */
    PAYLOAD_WITHOUT_SEQUENCE,
    /** Neither S nor A: carries nothing. */
    EMPTY
}
