package io.brokerconnect.cli.quickstart;

/** A quickstart step that cannot go on; the message says what failed and where to look. */
final class QuickstartException extends RuntimeException {
    QuickstartException(String message) {
        super(message);
    }
}
