package io.pptp2wg.radius;

/** Acct-Status-Type (RFC 2866 §5.1; Interim-Update RFC 2866 as updated by RFC 2869 §2.1). */
public enum AcctStatus {
    START(1, "Start"),
    STOP(2, "Stop"),
    INTERIM_UPDATE(3, "Interim-Update"),
    ACCOUNTING_ON(7, "Accounting-On"),
    ACCOUNTING_OFF(8, "Accounting-Off");

    public final int value;
    /** The name FreeRADIUS's dictionary gives it (and its detail file shows). */
    public final String rfcName;

    AcctStatus(int value, String rfcName) {
        this.value = value;
        this.rfcName = rfcName;
    }
}
