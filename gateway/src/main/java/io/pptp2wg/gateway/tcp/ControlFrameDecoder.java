package io.pptp2wg.gateway.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.control.Malformed;
import io.pptp2wg.pptp.control.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Cuts the TCP stream into control messages by their Length field (RFC 2637 §2), capped at the
 * longest message: a length below the header or above the cap means the stream cannot be trusted,
 * so the connection is closed at once (counted). Emits one retained slice per message.
 */
public final class ControlFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFrameDecoder.class);
    private static final int LENGTH_FIELD = 2;

    private final ControlStats stats;
    private boolean failed;

    public ControlFrameDecoder(ControlStats stats) {
        this.stats = stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= LENGTH_FIELD) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (length < ControlProtocol.HEADER_LENGTH || length > MessageType.MAX_LENGTH) {
                failed = true;
                stats.malformed(Malformed.BAD_LENGTH);
                LOG.info("control {}: frame length {} outside {}..{}, closing", ctx.channel().remoteAddress(), length,
                        ControlProtocol.HEADER_LENGTH, MessageType.MAX_LENGTH);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < length) {
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }
}
