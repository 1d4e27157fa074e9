package io.brokerconnect.sink.task;

import java.time.Duration;

/** Exponential backoff for transient failures: the first backoff doubles per attempt, capped at one minute. */
final class RetryPolicy {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final int maxRetries;
    private final Duration firstBackoff;
    private int failures;

    RetryPolicy(int maxRetries, Duration firstBackoff) {
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
    }

    /** Records a failure; true if another attempt is allowed. */
    boolean recordFailure() {
        failures++;
        return failures <= maxRetries;
    }

    int failures() {
        return failures;
    }

    Duration nextBackoff() {
        long millis = firstBackoff.toMillis() << Math.min(20, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), millis));
    }

    void reset() {
        failures = 0;
    }
}
