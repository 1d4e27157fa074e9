package io.brokerconnect.sink.task;

import java.time.Duration;

/**
 * How long, and how often, the task keeps retrying PostgreSQL after transient failures: a budget counted in time from
 * the first failure of an outage ({@code retry.max.duration.ms}), with exponential backoff between real attempts
 * (from {@code retry.backoff.ms}, doubling, at most {@link #MAX_BACKOFF}), and optionally a cap on the number of
 * attempts ({@code max.retries}, off by default).
 *
 * <p>Only real attempts count. Connect may call put() again before the backoff is over (its poll returns early for
 * an offset commit, a rebalance or a requested commit); such a call {@linkplain #waiting finds the backoff still
 * running} and must neither touch PostgreSQL nor spend an attempt. An outage ends with the first success
 * ({@link #succeeded}). Times are {@link System#nanoTime()} values passed in, so that tests can drive the clock.
 */
final class RetryBudget {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Duration maxDuration;
    private final Duration firstBackoff;
    private final int maxRetries;
    private int failures;
    private long outageStartNanos;
    private long notBeforeNanos;

    /** @param maxRetries at most this many retries after the first failure; negative for no count limit */
    RetryBudget(Duration maxDuration, Duration firstBackoff, int maxRetries) {
        this.maxDuration = maxDuration;
        this.firstBackoff = firstBackoff;
        this.maxRetries = maxRetries;
    }

    /**
     * Records a failed attempt at {@code now}; returns the backoff before the next attempt, or -1 when the budget is
     * spent (the outage lasted longer than the maximum duration, or the attempts ran out) and the task should fail.
     */
    long failed(long now) {
        if (failures == 0) {
            outageStartNanos = now;
        }
        failures++;
        if (now - outageStartNanos >= maxDuration.toNanos() || (maxRetries >= 0 && failures > maxRetries)) {
            return -1;
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), firstBackoff.toMillis() << Math.min(20, failures - 1));
        // Never past the end of the budget: the last attempt comes at its end, not a backoff after it.
        long leftMillis = (outageStartNanos + maxDuration.toNanos() - now) / 1_000_000;
        backoff = Math.max(0, Math.min(backoff, leftMillis));
        notBeforeNanos = now + backoff * 1_000_000;
        return backoff;
    }

    /** Milliseconds of backoff still to run at {@code now}: when positive, do not attempt anything. */
    long waiting(long now) {
        return failures == 0 ? 0 : Math.max(0, (notBeforeNanos - now + 999_999) / 1_000_000);
    }

    /** An attempt succeeded: the outage, if any, is over. */
    void succeeded() {
        failures = 0;
    }

    int failures() {
        return failures;
    }

    /** How long the current outage has lasted at {@code now}. */
    Duration outage(long now) {
        return failures == 0 ? Duration.ZERO : Duration.ofNanos(now - outageStartNanos);
    }

    Duration maxDuration() {
        return maxDuration;
    }
}
