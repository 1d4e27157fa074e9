package io.brokerconnect.sink.apply;

import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * Keeps concurrent writers working on the same rounds of data at the same time: a participant may start round
 * {@code r} only once every participant has finished round {@code r - window}. With a window of 1 all writers are
 * always within one round of each other, so they really do touch the same rows concurrently. A participant that
 * stops (finished or failed) leaves the gate and no longer holds the others back. Waits are bounded by a deadline.
 */
final class RoundGate {

    private final int[] finishedRounds;
    private final int window;
    private final long deadlineNanos;

    RoundGate(int participants, int window, long deadlineNanos) {
        this.finishedRounds = new int[participants];
        this.window = window;
        this.deadlineNanos = deadlineNanos;
    }

    synchronized void awaitTurn(int round) throws InterruptedException, TimeoutException {
        while (Arrays.stream(finishedRounds).min().orElseThrow() < round - window) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new TimeoutException("Round " + round + " not reached before the deadline; rounds finished: "
                    + Arrays.toString(finishedRounds));
            }
            wait(remainingMillis);
        }
    }

    synchronized void finished(int participant, int round) {
        finishedRounds[participant] = Math.max(finishedRounds[participant], round + 1);
        notifyAll();
    }

    synchronized void leave(int participant) {
        finishedRounds[participant] = Integer.MAX_VALUE;
        notifyAll();
    }
}
