package io.brokerconnect.cli.quickstart;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One table's progress line in the style of tqdm, as the spec's migration script prints it:
 * {@code files:  62%|██████▏   | 3.1M/5.0M [00:35<00:21, 88.4k/s]}. The rate is measured over the last few
 * seconds (not since the start), so it follows a load that speeds up or slows down.
 */
final class ProgressBar {

    private static final int WIDTH = 20;
    private static final long WINDOW_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private final String label;
    private final long startNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, done}

    ProgressBar(String label, long startNanos) {
        this.label = label;
        this.startNanos = startNanos;
    }

    /** Records a sample and renders the line. */
    String update(long done, long total, long nowNanos) {
        samples.addLast(new long[] {nowNanos, done});
        while (samples.size() > 2 && nowNanos - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
        double rate = rate();
        long shownDone = Math.min(done, total);
        double fraction = total <= 0 ? 0.0 : (double) shownDone / total;
        String eta = rate > 0 ? clock((long) ((total - shownDone) / rate)) : "?";
        return String.format(Locale.ROOT, "%-11s %3d%%|%s| %s/%s [%s<%s, %s/s]", label + ":", (int) (fraction * 100),
            bar(fraction), human(shownDone), human(total), clock((nowNanos - startNanos) / 1_000_000_000L), eta,
            human(Math.round(rate)));
    }

    double rate() {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        double seconds = (last[0] - first[0]) / 1e9;
        return seconds <= 0 ? 0 : Math.max(0, (last[1] - first[1]) / seconds);
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
