package io.brokerconnect.cli.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rates (units per second) of counters sampled over time, such as an offset read at each refresh: the one rate model
 * of the pipeline's progress, for the quickstart's progress bars and for {@code status}.
 *
 * <p>Connect commits offsets in steps (every {@code offset.flush.interval.ms}, 60 s by default), so a counter read
 * every few seconds stays flat and then jumps. Taking the slope between the first and the last sample would
 * overstate the rate right after a jump and understate it before. Instead the rate is measured between the first
 * and the last <em>change</em> seen in the window, which is exact for steps at a steady cadence and for counters
 * that change at every sample alike. When no change has come for longer than the usual spacing between changes
 * (the pipeline stalled), the time since then is counted too, so the rate decays instead of staying stale.
 */
public final class RateEstimator {

    private record Sample(Instant at, long value) {
    }

    private final Duration window;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    /** @param window how far back samples count */
    public RateEstimator(Duration window) {
        this.window = window;
    }

    /** Records a counter's value; samples must be recorded in time order per key. */
    public void record(String key, Instant at, long value) {
        Deque<Sample> series = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        series.addLast(new Sample(at, value));
        Instant oldest = at.minus(window);
        while (series.size() > 2 && series.peekFirst().at().isBefore(oldest)) {
            series.removeFirst();
        }
    }

    /** Units per second, or null with fewer than two samples. Negative when the counter went down. */
    public Double rate(String key) {
        Deque<Sample> series = samples.get(key);
        if (series == null || series.size() < 2) {
            return null;
        }
        List<Sample> list = new ArrayList<>(series);
        List<Sample> changes = new ArrayList<>();
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).value() != list.get(i - 1).value()) {
                changes.add(list.get(i));
            }
        }
        Sample latest = list.get(list.size() - 1);
        if (changes.size() < 2) {
            Sample first = list.get(0);
            return perSecond(latest.value() - first.value(), first.at(), latest.at());
        }
        Sample firstChange = changes.get(0);
        Sample lastChange = changes.get(changes.size() - 1);
        double changesSpan = seconds(firstChange.at(), lastChange.at());
        double spacing = changesSpan / (changes.size() - 1);
        double sinceFirst = seconds(firstChange.at(), latest.at());
        double span = Math.max(changesSpan, sinceFirst - spacing);
        return span <= 0 ? null : (lastChange.value() - firstChange.value()) / span;
    }

    private static Double perSecond(long delta, Instant from, Instant to) {
        double seconds = seconds(from, to);
        return seconds <= 0 ? null : delta / seconds;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
