package io.brokerconnect.cli.status;

import io.brokerconnect.cli.pipeline.CatchUp;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/** How figures are printed: grouped counts, rates, percentages, short durations and ETAs. */
final class Formats {

    static final String UNKNOWN = "-";
    static final String CAUGHT_UP = "caught up";
    /** The reader advances, but no faster than the target grows (e.g. a sink while the snapshot still runs). */
    static final String NOT_GAINING = "not gaining";
    static final String STALLED = "stalled";

    private Formats() {
    }

    /** {@code 1,234,567}; "-" for null. */
    static String count(Long value) {
        return value == null ? UNKNOWN : String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 12,345/s} (one decimal below 10/s); "-" for null. */
    static String rate(Double perSecond) {
        if (perSecond == null) {
            return UNKNOWN;
        }
        return Math.abs(perSecond) < 10 ? String.format(Locale.ROOT, "%.1f/s", perSecond)
            : String.format(Locale.ROOT, "%,d/s", Math.round(perSecond));
    }

    /** {@code 42.0%} rounded down to one decimal, so that 99.99% never shows as 100.0%; "-" for null. */
    static String percent(Double value) {
        if (value == null) {
            return UNKNOWN;
        }
        return String.format(Locale.ROOT, "%.1f%%", Math.floor(value * 10) / 10);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h03m}, {@code 4d05h}. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 100 * 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
    }

    /**
     * Time to catch up with a moving target.
     *
     * @param remaining   what is left (rows behind, records of lag); null when unknown
     * @param consumeRate how fast the reader advances (per second); null when unknown
     * @param produceRate how fast the target grows (per second); null counts as 0
     * @return "caught up", a duration, "stalled" when the reader does not move, "not gaining" when it moves no
     *         faster than the target grows, or "-" while unknown
     */
    static String eta(Long remaining, Double consumeRate, Double produceRate) {
        if (remaining == null) {
            return UNKNOWN;
        }
        if (remaining <= 0) {
            return CAUGHT_UP;
        }
        if (consumeRate == null) {
            return UNKNOWN;
        }
        if (consumeRate <= 0) {
            return STALLED;
        }
        OptionalLong seconds = CatchUp.seconds(remaining, consumeRate, produceRate == null ? 0 : produceRate);
        return seconds.isEmpty() ? NOT_GAINING : duration(Duration.ofSeconds(seconds.getAsLong()));
    }
}
