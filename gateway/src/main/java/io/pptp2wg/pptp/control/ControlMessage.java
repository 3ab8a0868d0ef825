package io.pptp2wg.pptp.control;

/**
 * The RFC 2637 §2 control messages, one record per Control Message Type, fields named as in the RFC.
 * Unsigned 16-bit fields are ints (0..65535); unsigned 32-bit fields are longs where their value is a
 * quantity, ints where they are bit sets. Strings are the zero-padded ASCII fields, decoded up to the
 * first zero octet with anything unprintable replaced by '?'.
 */
public sealed interface ControlMessage {
    MessageType type();

    /** §2.1, PNS → PAC: opens the control connection. */
    record StartControlConnectionRequest(int protocolVersion, int framingCapabilities, int bearerCapabilities,
                                         int maximumChannels, int firmwareRevision, String hostName,
                                         String vendorName) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.START_CONTROL_CONNECTION_REQUEST;
        }
    }

    /** §2.2, PAC → PNS. */
    record StartControlConnectionReply(int protocolVersion, int resultCode, int errorCode, int framingCapabilities,
                                       int bearerCapabilities, int maximumChannels, int firmwareRevision,
                                       String hostName, String vendorName) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.START_CONTROL_CONNECTION_REPLY;
        }
    }

    /** §2.3, either side. */
    record StopControlConnectionRequest(int reason) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.STOP_CONTROL_CONNECTION_REQUEST;
        }
    }

    /** §2.4, either side. */
    record StopControlConnectionReply(int resultCode, int errorCode) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.STOP_CONTROL_CONNECTION_REPLY;
        }
    }

    /** §2.5, either side: a keepalive. */
    record EchoRequest(int identifier) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.ECHO_REQUEST;
        }
    }

    /** §2.6, either side. */
    record EchoReply(int identifier, int resultCode, int errorCode) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.ECHO_REPLY;
        }
    }

    /** §2.7, PNS → PAC: what a PPTP client sends to open a call (a tunnel). */
    record OutgoingCallRequest(int callId, int callSerialNumber, long minimumBps, long maximumBps, int bearerType,
                               int framingType, int packetRecvWindowSize, int packetProcessingDelay,
                               String phoneNumber, String subaddress) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.OUTGOING_CALL_REQUEST;
        }
    }

    /** §2.8, PAC → PNS. */
    record OutgoingCallReply(int callId, int peerCallId, int resultCode, int errorCode, int causeCode,
                             long connectSpeed, int packetRecvWindowSize, int packetProcessingDelay,
                             int physicalChannelId) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.OUTGOING_CALL_REPLY;
        }
    }

    /** §2.9, PAC → PNS: never valid from a client; refused. */
    record IncomingCallRequest(int callId, int callSerialNumber, int callBearerType, int physicalChannelId,
                               String dialedNumber, String dialingNumber, String subaddress)
            implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.INCOMING_CALL_REQUEST;
        }
    }

    /** §2.10, PNS → PAC. */
    record IncomingCallReply(int callId, int peerCallId, int resultCode, int errorCode, int packetRecvWindowSize,
                             int packetTransmitDelay) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.INCOMING_CALL_REPLY;
        }
    }

    /** §2.11, PAC → PNS. */
    record IncomingCallConnected(int peerCallId, long connectSpeed, int packetRecvWindowSize,
                                 int packetTransmitDelay, int framingType) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.INCOMING_CALL_CONNECTED;
        }
    }

    /** §2.12, PNS → PAC: the client ends a call. */
    record CallClearRequest(int callId) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.CALL_CLEAR_REQUEST;
        }
    }

    /** §2.13, PAC → PNS: a call ended (or a Call-Clear-Request was honoured). */
    record CallDisconnectNotify(int callId, int resultCode, int errorCode, int causeCode, String callStatistics)
            implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.CALL_DISCONNECT_NOTIFY;
        }
    }

    /** §2.14, PAC → PNS. */
    record WanErrorNotify(int peerCallId, long crcErrors, long framingErrors, long hardwareOverruns,
                          long bufferOverruns, long timeoutErrors, long alignmentErrors) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.WAN_ERROR_NOTIFY;
        }
    }

    /** §2.15, PNS → PAC: the PPP ACCMs (meaningless over GRE, noted). */
    record SetLinkInfo(int peerCallId, int sendAccm, int receiveAccm) implements ControlMessage {
        @Override
        public MessageType type() {
            return MessageType.SET_LINK_INFO;
        }
    }
}
