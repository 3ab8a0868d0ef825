package io.pptp2wg.tests.lab;

/** An HTTP answer from the gateway (through curl inside its namespace). */
public record HttpResponse(int status, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
