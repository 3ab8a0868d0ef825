package io.pptp2wg.gateway.gre;

import java.io.IOException;

/** A system call on the raw GRE socket failed; the message says what to do about it. */
public final class RawSocketException extends IOException {
    private final int errno;

    public RawSocketException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
