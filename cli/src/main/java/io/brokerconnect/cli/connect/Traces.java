package io.brokerconnect.cli.connect;

/** Short forms of the Java stack traces Connect reports for FAILED connectors and tasks. */
public final class Traces {

    private Traces() {
    }

    /** The first line (exception class and the start of its message), or null for a null or blank trace. */
    public static String firstLine(String trace) {
        if (trace == null || trace.isBlank()) {
            return null;
        }
        String trimmed = trace.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }

    /**
     * The first line of the innermost "Caused by:" (the root cause, often the one that says what to fix), or null
     * when the trace has no cause or the root cause says the same as the first line.
     */
    public static String rootCause(String trace) {
        if (trace == null) {
            return null;
        }
        String cause = null;
        for (String line : trace.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("Caused by: ")) {
                cause = stripped.substring("Caused by: ".length());
            }
        }
        if (cause == null) {
            return null;
        }
        // "Class: message": when the first line already carries the message, the cause adds nothing.
        int colon = cause.indexOf(": ");
        String message = colon < 0 ? cause : cause.substring(colon + 2);
        String first = firstLine(trace);
        return first != null && first.contains(message) ? null : cause;
    }
}
