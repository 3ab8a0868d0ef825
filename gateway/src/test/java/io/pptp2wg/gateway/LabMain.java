package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppOutput;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * By hand against the real client VM, before the PPP core exists: the gateway on 192.0.2.1 with a
 * link that sends one LCP Configure-Request and prints every frame it gets.
 * {@code ip netns exec pptplab java -cp ... io.pptp2wg.gateway.LabMain 192.0.2.1 60}
 */
public final class LabMain {
    public static void main(String[] args) throws Exception {
        String listen = args.length > 0 ? args[0] : "192.0.2.1";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        GatewaySettings settings = new GatewaySettings(Optional.of(listen), 100, 10, false, false,
                (int) Ipv4.parse("198.51.100.1").orElseThrow(),
                AddressList.parse("198.51.100.100-199").list().orElseThrow(), null, UserDirectory.empty(), List.of());
        PptpGateway g = new PptpGateway(PptpGateway.Options.of(settings, cfg -> new PrintingLink()).withEventLoops(1));
        g.start();
        System.out.println("LAB gateway up on " + listen);
        Thread.sleep(seconds * 1000L);
        System.out.println("LAB stats " + g.stats());
        g.stop();
    }

    static final class PrintingLink implements PppLink {
        @Override
        public void start(long nowNanos, PppOutput out) {
            // LCP Configure-Request id 1: MRU 1400, magic 0x01020304 (RFC 1661 §5.1, §6.1, §6.4)
            out.sendFrame(ByteBuffer.wrap(HexFormat.of().parseHex("ff03c0210101000e010405780506" + "01020304")));
        }

        @Override
        public void receiveFrame(ByteBuffer frame, long nowNanos, PppOutput out) {
            byte[] b = new byte[Math.min(frame.remaining(), 24)];
            frame.get(frame.position(), b);
            System.out.println("LAB frame " + frame.remaining() + " octets: " + HexFormat.of().formatHex(b));
        }

        @Override
        public void sendIp(ByteBuffer ipPacket, long nowNanos, PppOutput out) {}

        @Override
        public void poll(long nowNanos, PppOutput out) {}

        @Override
        public long nextDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void close(String reason, long nowNanos, PppOutput out) {}

        @Override
        public void lowerDown(long nowNanos, PppOutput out) {
            System.out.println("LAB lower down");
        }

        @Override
        public boolean isNetworkOpen() {
            return false;
        }
    }
}
