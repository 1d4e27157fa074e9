package io.brokerconnect.common.retry;

import java.time.Duration;

/**
 * How long, and how often, a task keeps retrying a dependency that went away (PostgreSQL for the sink, a locked SQLite
 * file for the source): a budget counted in time from the first failure of an outage ({@code retry.max.duration.ms}),
 * with exponential backoff between real attempts (from a first backoff, doubling, at most a maximum), and optionally a
 * cap on the number of attempts (the sink's {@code max.retries}, off by default).
 *
 * <p>Only real attempts count. Connect may call put() or poll() again before the backoff is over (a sink's poll
 * returns early for an offset commit, a rebalance or a requested commit); such a call {@linkplain #waiting finds the
 * backoff still running} and must neither touch the dependency nor spend an attempt. An outage ends with the first success
 * ({@link #succeeded}). Times are {@link System#nanoTime()} values passed in, so that tests can drive the clock.
 */
public final class RetryBudget {

    private final Duration maxDuration;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final int maxRetries;
    private int failures;
    private long outageStartNanos;
    private long notBeforeNanos;

    /** @param maxRetries at most this many retries after the first failure; negative for no count limit */
    public RetryBudget(Duration maxDuration, Duration firstBackoff, Duration maxBackoff, int maxRetries) {
        this.maxDuration = maxDuration;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetries = maxRetries;
    }

    /**
     * Records a failed attempt at {@code now}; returns the backoff before the next attempt, or -1 when the budget is
     * spent (the outage lasted longer than the maximum duration, or the attempts ran out) and the task should fail.
     */
    public long failed(long now) {
        if (failures == 0) {
            outageStartNanos = now;
        }
        failures++;
        if (now - outageStartNanos >= maxDuration.toNanos() || (maxRetries >= 0 && failures > maxRetries)) {
            return -1;
        }
        long backoff = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(20, failures - 1));
        // Never past the end of the budget: the last attempt comes at its end, not a backoff after it.
        long leftMillis = (outageStartNanos + maxDuration.toNanos() - now) / 1_000_000;
        backoff = Math.max(0, Math.min(backoff, leftMillis));
        notBeforeNanos = now + backoff * 1_000_000;
        return backoff;
    }

    /** Milliseconds of backoff still to run at {@code now}: when positive, do not attempt anything. */
    public long waiting(long now) {
        return failures == 0 ? 0 : Math.max(0, (notBeforeNanos - now + 999_999) / 1_000_000);
    }

    /** An attempt succeeded: the outage, if any, is over. */
    public void succeeded() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }

    /** How long the current outage has lasted at {@code now}. */
    public Duration outage(long now) {
        return failures == 0 ? Duration.ZERO : Duration.ofNanos(now - outageStartNanos);
    }

    public Duration maxDuration() {
        return maxDuration;
    }
}
