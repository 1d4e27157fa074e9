package io.brokerconnect.deploy;

/**
 * Samples a count growing towards a target (rows in PostgreSQL) and keeps its longest stretch without growth until
 * it gets there: after a fault, how long the pipeline stood still, which is what an operator watching the target
 * sees.
 */
final class StallWatch {

    private final long startNanos;
    private final long target;
    private long lastCount;
    private long lastChangeNanos;
    private long longestNanos;
    private long longestFromNanos;

    StallWatch(long startNanos, long count, long target) {
        this.startNanos = startNanos;
        this.target = target;
        this.lastCount = count;
        this.lastChangeNanos = startNanos;
    }

    void sample(long count) {
        long now = System.nanoTime();
        if (lastCount == target) {
            return;  // arrived: waiting beyond this is not a stall
        }
        if (count != lastCount) {
            lastCount = count;
            lastChangeNanos = now;
        } else if (now - lastChangeNanos > longestNanos) {
            longestNanos = now - lastChangeNanos;
            longestFromNanos = lastChangeNanos;
        }
    }

    @Override
    public String toString() {
        return String.format("longest stretch without new rows %.1f s, from %.1f s after the start", longestNanos / 1e9,
            (longestFromNanos - startNanos) / 1e9);
    }
}
