package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.pipeline.CatchUp;
import io.brokerconnect.cli.pipeline.RateEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One table's progress line in the style of tqdm, as the spec's migration script prints it:
 * {@code files:  62%|██████▏   | 3.1M/5.0M [00:35<00:21, 88.4k/s]}. The rate is the pipeline's one rate model
 * ({@link RateEstimator}) over the last few seconds (not since the start), so it follows a load that speeds up or
 * slows down, and the sink's offset commits, which come in steps, do not make it jump.
 */
final class ProgressBar {

    private static final int WIDTH = 20;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private final String label;
    private final long startNanos;
    private final RateEstimator rates = new RateEstimator(WINDOW);

    ProgressBar(String label, long startNanos) {
        this.label = label;
        this.startNanos = startNanos;
    }

    /** Records a sample and renders the line. */
    String update(long done, long total, long nowNanos) {
        rates.record(label, Instant.EPOCH.plusNanos(nowNanos), done); // nanoTime as an instant: only spans count
        Double measured = rates.rate(label);
        double rate = measured == null ? 0 : Math.max(0, measured);
        long shownDone = Math.min(done, total);
        double fraction = total <= 0 ? 0.0 : (double) shownDone / total;
        OptionalLong left = total > shownDone ? CatchUp.seconds(total - shownDone, rate, 0) : OptionalLong.of(0);
        String eta = left.isPresent() ? clock(left.getAsLong()) : "?";
        return String.format(Locale.ROOT, "%-11s %3d%%|%s| %s/%s [%s<%s, %s/s]", label + ":", (int) (fraction * 100),
            bar(fraction), human(shownDone), human(total), clock((nowNanos - startNanos) / 1_000_000_000L), eta,
            human(Math.round(rate)));
    }

    static String bar(double fraction) {
        int eighths = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH * 8);
        StringBuilder b = new StringBuilder("█".repeat(eighths / 8)).append(PARTIAL[eighths % 8]);
        return b.append(" ".repeat(WIDTH - b.codePointCount(0, b.length()))).toString();
    }

    /** 950 -> "950", 12_345 -> "12.3k", 5_000_000 -> "5.0M". */
    static String human(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 999_950) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    static String clock(long seconds) {
        return seconds >= 3600
            ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
            : String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }
}
