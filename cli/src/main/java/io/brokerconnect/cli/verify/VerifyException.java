package io.brokerconnect.cli.verify;

/**
 * The comparison could not be made (a database cannot be opened or read, the schema lacks the spec's tables, the
 * Connect REST API cannot be reached, a report cannot be written). The message says what and what to do; the
 * {@code verify} command exits with 2.
 */
public class VerifyException extends Exception {
    private static final long serialVersionUID = 1L;

    public VerifyException(String message) {
        super(message);
    }

    public VerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
