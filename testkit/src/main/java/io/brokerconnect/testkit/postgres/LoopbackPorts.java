package io.brokerconnect.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks and checks TCP ports on the loopback interface.
 *
 * <p>The embedded server keeps one port for its whole life so that a JDBC URL handed to a connector before a
 * {@code stop()} is still right after {@code start()}; that is how a real database host behaves across a restart.
 */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port that was free a moment ago (the OS picks it, so parallel builds do not collide on a fixed number). */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port on the loopback interface", e);
        }
    }

    /**
     * True when nothing listens on {@code port}. Checked before a restart because another process may have taken the
     * port while the server was stopped; the server would then fail to bind and, worse, a readiness probe could talk
     * to the other process.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Connections of the stopped server may linger in TIME_WAIT; PostgreSQL binds with SO_REUSEADDR too.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
