package io.brokerconnect.testkit.postgres;

/**
 * A fixture-level failure (the server would not start, stop or create a database).
 *
 * <p>Unchecked on purpose: a test cannot recover from a broken fixture, so forcing every test method to declare a
 * checked exception would only add noise. The message says what was attempted and, for the embedded server, where
 * its log file is.
 */
public class PostgresServerException extends RuntimeException {

    public PostgresServerException(String message) {
        super(message);
    }

    public PostgresServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
