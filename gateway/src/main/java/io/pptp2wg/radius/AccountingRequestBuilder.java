package io.pptp2wg.radius;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionCounters;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.AcctAuthentic;
import org.aaa4j.radius.core.attribute.attributes.AcctDelayTime;
import org.aaa4j.radius.core.attribute.attributes.AcctInputGigawords;
import org.aaa4j.radius.core.attribute.attributes.AcctInputOctets;
import org.aaa4j.radius.core.attribute.attributes.AcctInputPackets;
import org.aaa4j.radius.core.attribute.attributes.AcctOutputGigawords;
import org.aaa4j.radius.core.attribute.attributes.AcctOutputOctets;
import org.aaa4j.radius.core.attribute.attributes.AcctOutputPackets;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionTime;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.AcctTerminateCause;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.FramedProtocol;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.NasIpAddress;
import org.aaa4j.radius.core.attribute.attributes.NasPort;
import org.aaa4j.radius.core.attribute.attributes.NasPortType;
import org.aaa4j.radius.core.attribute.attributes.ServiceType;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.packet.Packet;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Builds Accounting-Requests (RFC 2866 §4.1) with what pppd 2.4.9's radius plugin sends (Acct-Session-Id,
 * User-Name, Class, Acct-Status-Type, Service-Type Framed, Framed-Protocol PPP, Acct-Authentic RADIUS,
 * Calling-Station-Id, NAS-Port-Type Virtual, Framed-IP-Address, the avpairs; on Interim-Update and Stop the
 * session time, octets and packets; on Stop Acct-Terminate-Cause) and what it leaves out: NAS-Identifier,
 * NAS-IP-Address, NAS-Port, Acct-Delay-Time, and Acct-Input/Output-Gigawords (RFC 2869 §5.1, §5.2) so that
 * more than 4 GiB is counted right.
 */
final class AccountingRequestBuilder {
    private final String nasIdentifier;
    private final OptionalInt nasIpAddress;
    private final List<Attribute<?>> avpairs;

    AccountingRequestBuilder(String nasIdentifier, OptionalInt nasIpAddress, List<Attribute<?>> avpairs) {
        this.nasIdentifier = nasIdentifier;
        this.nasIpAddress = nasIpAddress;
        this.avpairs = List.copyOf(avpairs);
    }

    /** Accounting-On or -Off (RFC 2866 §5.1): the NAS alone, no session. */
    Packet nas(AcctStatus status, long delaySeconds) {
        List<Attribute<?>> a = new ArrayList<>();
        a.add(new AcctStatusType(new EnumData(status.value)));
        a.add(new AcctSessionId(new TextData("00000000")));
        nasAttributes(a, delaySeconds);
        return new Packet(RadiusWire.ACCOUNTING_REQUEST, a);
    }

    /**
     * Start, Interim-Update or Stop for {@code s}; {@code usage} and {@code sessionSeconds} are left out of a Start,
     * {@code cause} is sent only with a Stop.
     */
    Packet session(AcctStatus status, AcctSession s, SessionCounters usage, long sessionNanos, TerminateCause cause,
                   long delaySeconds) {
        List<Attribute<?>> a = new ArrayList<>();
        a.add(new AcctStatusType(new EnumData(status.value)));
        a.add(new AcctSessionId(new TextData(s.sessionId())));
        a.add(new UserName(new TextData(s.userName())));
        for (byte[] c : s.classes()) {
            a.add(new Class(new StringData(c.clone())));
        }
        a.add(new ServiceType(new EnumData(RadiusWire.SERVICE_TYPE_FRAMED)));
        a.add(new FramedProtocol(new EnumData(RadiusWire.FRAMED_PROTOCOL_PPP)));
        a.add(new AcctAuthentic(new EnumData(RadiusWire.ACCT_AUTHENTIC_RADIUS)));
        s.callingStationId().ifPresent(c -> a.add(new CallingStationId(new TextData(c))));
        a.add(new NasPort(new IntegerData(s.nasPort())));
        a.add(new FramedIpAddress(new Ipv4AddrData((Inet4Address) Ipv4.toInetAddress(s.framedIp()))));
        if (status != AcctStatus.START) {
            a.add(new AcctSessionTime(new IntegerData((int) Math.min(0xFFFFFFFFL, TimeUnit.NANOSECONDS.toSeconds(Math.max(0, sessionNanos))))));
            // RFC 2866 §5.3/§5.4: Input = from the client; RFC 2869 §5.1/§5.2: the wraps of the 32-bit counters
            a.add(new AcctInputOctets(new IntegerData((int) usage.bytesFromClient())));
            a.add(new AcctInputGigawords(new IntegerData((int) (usage.bytesFromClient() >>> 32))));
            a.add(new AcctOutputOctets(new IntegerData((int) usage.bytesToClient())));
            a.add(new AcctOutputGigawords(new IntegerData((int) (usage.bytesToClient() >>> 32))));
            a.add(new AcctInputPackets(new IntegerData((int) Math.min(0xFFFFFFFFL, usage.packetsFromClient()))));
            a.add(new AcctOutputPackets(new IntegerData((int) Math.min(0xFFFFFFFFL, usage.packetsToClient()))));
        }
        if (status == AcctStatus.STOP) {
            a.add(new AcctTerminateCause(new EnumData(cause.value)));
        }
        nasAttributes(a, delaySeconds);
        return new Packet(RadiusWire.ACCOUNTING_REQUEST, a);
    }

    private void nasAttributes(List<Attribute<?>> a, long delaySeconds) {
        a.add(new NasPortType(new EnumData(RadiusWire.NAS_PORT_TYPE_VIRTUAL)));
        a.add(new NasIdentifier(new TextData(nasIdentifier)));
        nasIpAddress.ifPresent(ip -> a.add(new NasIpAddress(new Ipv4AddrData((Inet4Address) Ipv4.toInetAddress(ip)))));
        a.add(new AcctDelayTime(new IntegerData((int) Math.min(Integer.MAX_VALUE, Math.max(0, delaySeconds)))));
        // an avpair of the same type replaces the gateway's own (Service-Type=Framed-User, say), not repeats it
        java.util.Set<Integer> given = new java.util.HashSet<>();
        avpairs.forEach(x -> given.add(x.getType().head()));
        a.removeIf(x -> given.contains(x.getType().head()) && OVERRIDABLE.contains(x.getType().head()));
        a.addAll(avpairs);
    }

    /** What an avpair may set instead of the gateway. */
    private static final java.util.Set<Integer> OVERRIDABLE = java.util.Set.of(RadiusWire.SERVICE_TYPE,
            RadiusWire.FRAMED_PROTOCOL, RadiusWire.NAS_PORT_TYPE, RadiusWire.NAS_IDENTIFIER, RadiusWire.NAS_IP_ADDRESS);
}
