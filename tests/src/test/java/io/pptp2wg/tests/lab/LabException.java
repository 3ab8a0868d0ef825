package io.pptp2wg.tests.lab;

/** A lab set-up or tear-down step that failed; the message says which and what it printed. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
