package io.brokerconnect.cli.quickstart;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a call of {@code onInterrupt} instead of JVM shutdown, for as long as it is
 * installed; closing it restores the previous handlers. (sun.misc.Signal is the JDK's supported-but-internal API for
 * this, in the jdk.unsupported module.)
 */
final class InterruptHandler implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private InterruptHandler() {
    }

    static InterruptHandler install(Runnable onInterrupt) {
        InterruptHandler handler = new InterruptHandler();
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            handler.signals.add(signal);
            handler.previous.add(Signal.handle(signal, s -> onInterrupt.run()));
        }
        return handler;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
