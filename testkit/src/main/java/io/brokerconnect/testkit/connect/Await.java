package io.brokerconnect.testkit.connect;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline instead of sleeping a fixed time. */
public final class Await {

    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasExpected)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + whatWasExpected.get());
            }
            Thread.sleep(100); // polling interval of the wait loop, not a wait for the condition itself
        }
    }

    /**
     * Checks that {@code condition} keeps holding for all of {@code period}, e.g. "a paused connector writes
     * nothing": a property that something does not happen can only be observed over time.
     */
    public static void holds(Duration period, BooleanSupplier condition, Supplier<String> whatMustHold)
        throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("Stopped holding within " + period + ": " + whatMustHold.get());
            }
            Thread.sleep(100); // sampling interval
        } while (System.nanoTime() < end);
    }
}
