package io.brokerconnect.cli.quickstart;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP into a call of {@code onInterrupt} instead of JVM shutdown, for as long as it is
 * installed; closing it restores the previous handlers. (sun.misc.Signal is the JDK's supported-but-internal API for
 * this, in the jdk.unsupported module.)
 */
final class InterruptHandler implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private InterruptHandler() {
    }

    /**
     * {@code onInterrupt} runs on the first signal; later ones only run {@code onRepeat} (say that shutdown is under
     * way: a hard kill now would leave the local PostgreSQL server running (the next run stops it)).
     */
    static InterruptHandler install(Runnable onInterrupt, Runnable onRepeat) {
        InterruptHandler handler = new InterruptHandler();
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal signal = new Signal(name);
            handler.signals.add(signal);
            handler.previous.add(Signal.handle(signal, s -> {
                if (interrupted.compareAndSet(false, true)) {
                    onInterrupt.run();
                } else {
                    onRepeat.run();
                }
            }));
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
