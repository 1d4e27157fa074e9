package io.brokerconnect.cli.connect;

/**
 * A Connect REST call that failed: the message names the method, the URL, the HTTP status and Connect's own error
 * message, e.g. {@code GET http://localhost:8083/connectors/x/status: 404 Not Found: No status found for connector x}.
 */
public final class ConnectRestException extends RuntimeException {

    private final String method;
    private final String url;
    private final int statusCode;
    private final String serverMessage;

    ConnectRestException(String method, String url, int statusCode, String serverMessage, Throwable cause) {
        super(method + " " + url + ": " + describe(statusCode, serverMessage), cause);
        this.method = method;
        this.url = url;
        this.statusCode = statusCode;
        this.serverMessage = serverMessage;
    }

    /** HTTP method of the failed request. */
    public String method() {
        return method;
    }

    /** Full URL of the failed request. */
    public String url() {
        return url;
    }

    /** HTTP status, or 0 when no response arrived (worker unreachable, timeout). */
    public int statusCode() {
        return statusCode;
    }

    /** Connect's {@code message} from the error body, or what went wrong on the way. */
    public String serverMessage() {
        return serverMessage;
    }

    /** True for 404: the connector (or resource) does not exist. */
    public boolean isNotFound() {
        return statusCode == 404;
    }

    private static String describe(int statusCode, String message) {
        if (statusCode == 0) {
            return "no response (" + message + "). Is the Connect worker running and is the URL right?";
        }
        return statusCode + " " + reason(statusCode) + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
