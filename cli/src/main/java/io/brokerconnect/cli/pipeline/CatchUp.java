package io.brokerconnect.cli.pipeline;

import java.util.OptionalLong;

/**
 * Time to catch up with a moving target, the one ETA model of the pipeline's progress (the quickstart's progress bars
 * and {@code status}): what is left divided by how much faster the reader advances than the target grows.
 */
public final class CatchUp {

    private CatchUp() {
    }

    /**
     * Seconds to catch up, rounded up (while anything is left it never reads 0), or empty when the reader does not
     * gain on the target (stalled, or no faster than the target grows).
     *
     * @param remaining   what is left (> 0)
     * @param consumeRate how fast the reader advances, per second
     * @param produceRate how fast the target grows, per second (0 for a fixed target)
     */
    public static OptionalLong seconds(long remaining, double consumeRate, double produceRate) {
        double gain = consumeRate - produceRate;
        return gain <= 0 ? OptionalLong.empty() : OptionalLong.of((long) Math.ceil(remaining / gain));
    }
}
