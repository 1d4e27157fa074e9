package io.brokerconnect.testkit.postgres;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition with a deadline instead of sleeping a fixed time.
 *
 * <p>Server start-up, shut-down and configuration reloads take a machine-dependent time; a fixed sleep is either too
 * short on a slow CI machine or wastes time on a fast one. Polling stops as soon as the condition holds.
 */
final class Poll {

    private static final long FIRST_INTERVAL_MS = 10;
    private static final long MAX_INTERVAL_MS = 200;

    private Poll() {
    }

    /**
     * Returns once {@code condition} returns true; throws {@link PostgresServerException} when {@code timeout} passes
     * first. An exception thrown by the condition counts as "not yet" and is attached to the timeout failure, so that
     * the reason the condition never held is not lost.
     */
    static void until(String description, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = FIRST_INTERVAL_MS;
        Exception lastFailure = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new PostgresServerException("Timed out after " + timeout + " waiting until " + description,
                    lastFailure);
            }
            sleep(interval);
            // Back off gradually: quick conditions are seen within milliseconds, slow ones do not spin the CPU.
            interval = Math.min(MAX_INTERVAL_MS, interval * 2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the polling interval, not a wait for the condition itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresServerException("Interrupted while polling", e);
        }
    }
}
